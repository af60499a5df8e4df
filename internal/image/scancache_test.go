package image

import (
	"archive/tar"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// TestScanCached: the second scan of the same image reads no layer; a
// damaged cache file is scanned again and replaced.
func TestScanCached(t *testing.T) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	content := "root:x:0:0:root:/root:/bin/sh\n"
	tw.WriteHeader(&tar.Header{Name: "etc/passwd", Mode: 0o644, Size: int64(len(content)), Typeflag: tar.TypeReg})
	io.WriteString(tw, content)
	tw.Close()
	var reads atomic.Int32
	l, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		reads.Add(1)
		return io.NopCloser(bytes.NewReader(buf.Bytes())), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	img, err := mutate.AppendLayers(empty.Image, l)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ctx := context.Background()
	scan := func() *Facts {
		t.Helper()
		f, err := ScanCached(ctx, nil, img, dir)
		if err != nil {
			t.Fatal(err)
		}
		if string(f.Passwd) != content {
			t.Fatalf("passwd %q", f.Passwd)
		}
		return f
	}
	scan()
	before := reads.Load()
	scan()
	if reads.Load() != before {
		t.Errorf("the second scan read the layer again (%d reads, then %d)", before, reads.Load())
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(files) != 1 {
		t.Fatalf("cache files %v", files)
	}
	data, _ := os.ReadFile(files[0])
	spoilt := bytes.Replace(data, []byte("cm9vd"), []byte("cm9vX"), 1) // base64 of "root"
	if bytes.Equal(spoilt, data) {
		t.Fatalf("the cache file does not hold the passwd bytes: %s", data)
	}
	os.WriteFile(files[0], spoilt, 0o644)
	scan()
	if reads.Load() == before {
		t.Error("a damaged cache file was used")
	}
}
