package layercache

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/pyko-dev/pyko/internal/layer"
)

func newLayer(t *testing.T, content string) *layer.Layer {
	t.Helper()
	e := layer.Entry{Path: "f", Mode: 0o644, Size: int64(len(content)),
		Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(content)), nil }}
	l, err := layer.New(context.Background(), []layer.Entry{e}, layer.WithTempDir(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

type facts struct{ N int }

func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	c := New(t.TempDir(), nil)
	a, b := newLayer(t, "a"), newLayer(t, "b")
	if _, ok := c.Get(ctx, "k", nil); ok {
		t.Fatal("an empty cache has an entry")
	}
	if _, err := c.Put(ctx, "k", []*layer.Layer{a, b}, facts{7}); err != nil {
		t.Fatal(err)
	}
	var f facts
	ls, ok := c.Get(ctx, "k", &f)
	if !ok || len(ls) != 2 || f.N != 7 {
		t.Fatalf("got %d layers, %v, facts %+v", len(ls), ok, f)
	}
	for i, want := range []*layer.Layer{a, b} {
		wd, _ := want.Digest()
		gd, _ := ls[i].Digest()
		wi, _ := want.DiffID()
		gi, _ := ls[i].DiffID()
		if wd != gd || wi != gi {
			t.Errorf("layer %d: %s %s, want %s %s", i, gd, gi, wd, wi)
		}
	}
}

// TestDamaged spoils a cached entry in each way a crash or a disk can:
// the entry is never used, and is gone afterwards.
func TestDamaged(t *testing.T) {
	for _, tt := range []struct {
		name  string
		spoil func(t *testing.T, dir string)
	}{
		{"flipped byte in a blob", func(t *testing.T, dir string) { flip(t, blobFile(t, dir)) }},
		{"truncated blob", func(t *testing.T, dir string) { os.Truncate(blobFile(t, dir), 3) }},
		{"missing blob", func(t *testing.T, dir string) { os.Remove(blobFile(t, dir)) }},
		{"edited record", func(t *testing.T, dir string) {
			f := filepath.Join(dir, "entries", "k.json")
			data, _ := os.ReadFile(f)
			os.WriteFile(f, []byte(strings.Replace(string(data), `"N":7`, `"N":8`, 1)), 0o644)
		}},
		{"half a record", func(t *testing.T, dir string) {
			f := filepath.Join(dir, "entries", "k.json")
			data, _ := os.ReadFile(f)
			os.WriteFile(f, data[:len(data)/2], 0o644)
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			c := New(dir, nil)
			if _, err := c.Put(ctx, "k", []*layer.Layer{newLayer(t, "content")}, facts{7}); err != nil {
				t.Fatal(err)
			}
			tt.spoil(t, dir)
			if _, ok := c.Get(ctx, "k", &facts{}); ok {
				t.Fatal("a damaged entry was used")
			}
			if _, err := os.Stat(filepath.Join(dir, "entries", "k.json")); !os.IsNotExist(err) {
				t.Errorf("the damaged entry is still there: %v", err)
			}
			if _, err := c.Put(ctx, "k", []*layer.Layer{newLayer(t, "content")}, facts{7}); err != nil {
				t.Fatal(err)
			}
			if _, ok := c.Get(ctx, "k", &facts{}); !ok {
				t.Error("the entry written again is not used")
			}
		})
	}
}

// TestConcurrent has many writers and readers share one cache: every
// read sees a whole entry or none.
func TestConcurrent(t *testing.T) {
	ctx := context.Background()
	c := New(t.TempDir(), nil)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l := newLayer(t, "shared")
			for j := 0; j < 20; j++ {
				if _, err := c.Put(ctx, "k", []*layer.Layer{l}, facts{1}); err != nil {
					t.Error(err)
					return
				}
				var f facts
				if ls, ok := c.Get(ctx, "k", &f); ok && (len(ls) != 1 || f.N != 1) {
					t.Errorf("a partial entry: %d layers, %+v", len(ls), f)
				}
			}
		}()
	}
	wg.Wait()
}

func blobFile(t *testing.T, dir string) string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, "blobs", "sha256", "*"))
	if len(m) != 1 {
		t.Fatalf("blobs %v", m)
	}
	return m[0]
}

func flip(t *testing.T, file string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 1
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
