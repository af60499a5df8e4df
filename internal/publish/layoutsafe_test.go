package publish

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/imageref"
)

// Builds writing to one layout at once must all keep their tag: the layout
// is locked, and index.json is read again under the lock.
func TestLayoutConcurrentPublishesKeepEveryTag(t *testing.T) {
	for _, existing := range []bool{false, true} {
		t.Run(fmt.Sprintf("existing=%v", existing), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			if existing {
				if err := publishLayout(t, dir, "first", randomImage(t)); err != nil {
					t.Fatal(err)
				}
			}
			const n = 8
			imgs := make([]v1.Image, n)
			for i := range imgs {
				imgs[i] = randomImage(t)
			}
			var wg sync.WaitGroup
			for i, img := range imgs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if err := publishLayout(t, dir, fmt.Sprintf("t%d", i), img); err != nil {
						t.Error(err)
					}
				}()
			}
			wg.Wait()
			got := map[string]string{}
			for _, e := range entries(readLayout(t, dir)) {
				got[e.ref] = e.digest
			}
			for i, img := range imgs {
				if tag, want := fmt.Sprintf("t%d", i), digestOf(t, img).String(); got[tag] != want {
					t.Errorf("tag %s = %q, want %s", tag, got[tag], want)
				}
			}
			assertNoTemp(t, filepath.Dir(dir))
		})
	}
}

// A blob of the right size but the wrong bytes is rewritten, not trusted.
func TestLayoutRewritesCorruptBlob(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	img := randomImage(t)
	if err := publishLayout(t, dir, "a", img); err != nil {
		t.Fatal(err)
	}
	layers, err := img.Layers()
	if err != nil {
		t.Fatal(err)
	}
	d, err := layers[0].Digest()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "blobs", d.Algorithm, d.Hex)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 0xff
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := publishLayout(t, dir, "b", img); err != nil {
		t.Fatal(err)
	}
	readLayout(t, dir) // validates every blob's digest
}

// A new layout's temporary directory left by a killed build is removed by
// the next build into the same place once it is old; a young one may be a
// live build's and is kept.
func TestLayoutRemovesStaleTemp(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	stale, young := dir+".tmp-111", dir+".tmp-222"
	for _, p := range []string{stale, young} {
		if err := os.MkdirAll(filepath.Join(p, "blobs"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-2 * staleTemp)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	if err := publishLayout(t, dir, "a", randomImage(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale %s is still there (%v)", stale, err)
	}
	if _, err := os.Stat(young); err != nil {
		t.Errorf("young %s was removed: %v", young, err)
	}
}

// An archive's temporary file left by a killed build is removed by the next
// build writing that archive once it is old.
func TestArchiveRemovesStaleTemp(t *testing.T) {
	for _, kind := range []imageref.Kind{imageref.OCIArchive, imageref.DockerArchive} {
		t.Run(fmt.Sprint(kind), func(t *testing.T) {
			parent := t.TempDir()
			file := filepath.Join(parent, "x.tar")
			stale, young := filepath.Join(parent, ".x.tar.tmp-1"), filepath.Join(parent, ".x.tar.tmp-2")
			for _, p := range []string{stale, young} {
				if err := os.WriteFile(p, []byte("partial"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			old := time.Now().Add(-2 * staleTemp)
			if err := os.Chtimes(stale, old, old); err != nil {
				t.Fatal(err)
			}
			p, err := New(imageref.Ref{Kind: kind, Path: file}, mustTags(t, "example.com/app:1"), quietOptions()...)
			if err != nil {
				t.Fatal(err)
			}
			if err := p.Publish(context.Background(), randomImage(t)); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(stale); !os.IsNotExist(err) {
				t.Errorf("stale %s is still there (%v)", stale, err)
			}
			if _, err := os.Stat(young); err != nil {
				t.Errorf("young %s was removed: %v", young, err)
			}
		})
	}
}
