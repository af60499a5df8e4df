package install

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk"
)

// TestStagedIsAdded: packages staged at once, from several goroutines,
// then added in order, give the tree that Add gives: the same entries,
// owners and contents, duplicates across packages stored once, and the
// same conflicts.
func TestStagedIsAdded(t *testing.T) {
	big := strings.Repeat("x", packMax+10)
	tars := func() []any {
		return []any{
			pkg("wolfi-baselayout"), baselayout(t),
			pkg("a"), tarOf(t, dir("usr/bin"), file("usr/bin/a", "same"), file("usr/lib/big", big), hardlink("usr/bin/a2", "usr/bin/a")),
			pkg("b"), tarOf(t, file("usr/bin/b", "same"), symlink("usr/bin/bb", "b"), file("bin/c", "via the bin symlink")),
			pkg("c"), tarOf(t, file("usr/lib/big2", big), file("etc/c.conf", "c")),
		}
	}
	want := New(t.TempDir())
	mustAdd(t, want, tars()...)

	got := New(t.TempDir())
	pkgs := tars()
	staged := make([]*Staged, len(pkgs)/2)
	errs := make([]error, len(staged))
	var wg sync.WaitGroup
	for i := range staged {
		wg.Go(func() {
			staged[i], errs[i] = got.Stage(context.Background(), pkgs[2*i].(*apk.Package), pkgs[2*i+1].(io.Reader))
		})
	}
	wg.Wait()
	for i, st := range staged {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if err := got.AddStaged(context.Background(), st); err != nil {
			t.Fatal(err)
		}
	}
	w, g := flat(t, want), flat(t, got)
	if len(w) != len(g) {
		t.Fatalf("%d entries staged, %d added", len(g), len(w))
	}
	for p, we := range w {
		ge, ok := g[p]
		if !ok || ge.Owner != we.Owner || ge.Mode != we.Mode || ge.Size != we.Size || ge.Link != we.Link {
			t.Errorf("%s: staged %+v, added %+v", p, ge, we)
			continue
		}
		if we.Open != nil && content(t, ge.Entry) != content(t, we.Entry) {
			t.Errorf("%s: contents differ", p)
		}
	}
	if got.nodes["usr/bin/a"].blob != got.nodes["usr/bin/b"].blob || got.nodes["usr/lib/big"].blob != got.nodes["usr/lib/big2"].blob {
		t.Error("the same content in two packages is stored twice")
	}
}

func TestStageRefuses(t *testing.T) {
	tr := New(t.TempDir(), WithMaxFileSize(4))
	if _, err := tr.Stage(context.Background(), pkg("a"), tarOf(t, file("usr/x", "12345"))); err == nil || !strings.Contains(err.Error(), "outside 0..4 bytes") {
		t.Errorf("a file over the limit: %v", err)
	}
	if _, err := tr.Stage(context.Background(), pkg("a"), bytes.NewReader([]byte("not a tar, not at all, no"))); err == nil {
		t.Error("a broken tar was staged")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := tr.Stage(ctx, pkg("a"), tarOf(t, file("usr/x", "1"))); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	// A conflict shows when the staged packages are added, as with Add.
	one, _ := tr.Stage(context.Background(), pkg("one"), tarOf(t, file("usr/x", "1")))
	two, _ := tr.Stage(context.Background(), pkg("two"), tarOf(t, file("usr/x", "2")))
	if err := tr.AddStaged(context.Background(), one); err != nil {
		t.Fatal(err)
	}
	if err := tr.AddStaged(context.Background(), two); err == nil {
		t.Error("two packages with different usr/x were both added")
	}
}
