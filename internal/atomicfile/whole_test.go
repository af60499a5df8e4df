package atomicfile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
)

// TestNeverHalfWritten reads the target over and over while versions of
// it are written in small pieces: every read finds one whole version.
func TestNeverHalfWritten(t *testing.T) {
	const versions, size, chunk = 40, 64 << 10, 1 << 10
	path := filepath.Join(t.TempDir(), "out")
	var committed atomic.Bool
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var reads atomic.Int64
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			before := committed.Load()
			b, err := os.ReadFile(path)
			if errors.Is(err, fs.ErrNotExist) && !before {
				continue
			}
			if err != nil {
				t.Errorf("read: %v", err)
				return
			}
			reads.Add(1)
			if len(b) != size || len(bytes.Trim(b, string(b[:1]))) != 0 {
				t.Errorf("read %d bytes, not one whole version", len(b))
				return
			}
		}
	}()
	for v := range versions {
		f, err := Create(path, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		piece := bytes.Repeat([]byte{byte('a' + v%26)}, chunk)
		for range size / chunk {
			if _, err := f.Write(piece); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.Commit(); err != nil {
			t.Fatal(err)
		}
		committed.Store(true)
	}
	close(stop)
	wg.Wait()
	if reads.Load() == 0 {
		t.Error("the reader read nothing")
	}
	assertOnly(t, filepath.Dir(path), "out")
}
