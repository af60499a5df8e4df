package install

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Small contents share one pack file, a big one gets its own file that
// ContentPath names; every content reads back whole, a duplicate is
// stored once.
func TestBlobStorePacks(t *testing.T) {
	tmp := t.TempDir()
	tr := New(tmp)
	big := strings.Repeat("b", packMax+1)
	mustAdd(t, tr, pkg("wolfi-baselayout"), baselayout(t),
		pkg("p"), tarOf(t, dir("usr/share"), file("usr/share/a", "alpha"), file("usr/share/b", "beta"),
			file("usr/share/a2", "alpha"), file("usr/share/empty", ""), file("usr/share/big", big)))
	got := flat(t, tr)
	for p, want := range map[string]string{"usr/share/a": "alpha", "usr/share/b": "beta", "usr/share/a2": "alpha", "usr/share/empty": "", "usr/share/big": big} {
		if c := content(t, got[p].Entry); c != want {
			t.Errorf("%s: %d bytes, want %d", p, len(c), len(want))
		}
	}
	if p := tr.ContentPath("usr/share/a"); p != "" {
		t.Errorf("a packed content has its own file: %s", p)
	}
	bigFile := tr.ContentPath("usr/share/big")
	if b, err := os.ReadFile(bigFile); err != nil || string(b) != big {
		t.Errorf("ContentPath(big) = %q: %v", bigFile, err)
	}
	if tr.ContentPath("usr/share") != "" || tr.ContentPath("nothing") != "" {
		t.Error("ContentPath names a directory or a missing path")
	}
	files, _ := filepath.Glob(filepath.Join(tmp, "*"))
	if len(files) != 2 {
		t.Errorf("temp dir holds %v, want the pack and the big file", files)
	}
	packs, _ := filepath.Glob(filepath.Join(tmp, "pack-*"))
	if len(packs) != 1 {
		t.Fatalf("packs %v", packs)
	}
	// Each distinct small content once.
	distinct := map[string]bool{}
	for _, e := range got {
		if e.Mode.IsRegular() && e.Size <= packMax {
			distinct[content(t, e.Entry)] = true
		}
	}
	want := 0
	for c := range distinct {
		want += len(c)
	}
	if fi, err := os.Stat(packs[0]); err != nil || fi.Size() != int64(want) {
		t.Errorf("pack: %v bytes (%v), want %d", fi.Size(), err, want)
	}
}

// A pack is opened once for all its contents, read by many at once, and
// closed by Close, after which its contents no longer open; a content of
// its own file still does.
func TestBlobStoreClose(t *testing.T) {
	tr := New(t.TempDir())
	big := strings.Repeat("b", packMax+1)
	mustAdd(t, tr, pkg("wolfi-baselayout"), baselayout(t),
		pkg("p"), tarOf(t, dir("usr/share"), file("usr/share/a", "alpha"), file("usr/share/b", "beta"), file("usr/share/big", big)))
	got := flat(t, tr)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p, want := range map[string]string{"usr/share/a": "alpha", "usr/share/b": "beta"} {
				if c := content(t, got[p].Entry); c != want {
					t.Errorf("%s: %q, want %q", p, c, want)
				}
			}
		}()
	}
	wg.Wait()
	if n := len(tr.blobs.packs); n != 1 || tr.blobs.packs[0].f == nil {
		t.Fatalf("%d packs, the first opened: %v", n, n > 0 && tr.blobs.packs[0].f != nil)
	}
	if err := tr.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := got["usr/share/a"].Open(); err == nil {
		t.Error("a packed content opens after Close")
	}
	if c := content(t, got["usr/share/big"].Entry); c != big {
		t.Error("a content of its own file does not read after Close")
	}
}
