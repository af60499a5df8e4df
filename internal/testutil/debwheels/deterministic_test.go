package debwheels

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/pyko-dev/pyko/internal/testutil/debroot"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// TestMakeWheelsDeterministic makes wheels twice from the same .deb files,
// unpacked twice, and expects the same bytes. It takes three dists, one of
// each kind: compiled, from an .egg-info, from a .dist-info.
func TestMakeWheelsDeterministic(t *testing.T) {
	tools.Require(t, "apt-get", "dpkg-deb")
	wheelDir(t) // the private apt lists are fresh after it
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cache, err := debroot.DefaultCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(cache, "debwheels")
	tmp := t.TempDir()
	debs := filepath.Join(tmp, "debs")
	unlock, err := debroot.Lock(ctx, filepath.Join(base, "amd64.lock"))
	if err != nil {
		t.Fatal(err)
	}
	var ds []dist
	var pkgs []string
	for _, d := range dists {
		if slices.Contains([]string{"MarkupSafe", "Flask", "packaging"}, d.name) {
			ds, pkgs = append(ds, d), append(pkgs, d.debs...)
		}
	}
	err = debroot.Download(ctx, filepath.Join(base, "apt-amd64"), "amd64", debs, pkgs)
	unlock()
	if err != nil {
		t.Fatal(err)
	}
	var outs [2]string
	for i := range outs {
		outs[i] = filepath.Join(tmp, "wheels"+strconv.Itoa(i))
		if err := makeWheels(ctx, debs, filepath.Join(tmp, "unpacked"+strconv.Itoa(i)), outs[i], "amd64", ds); err != nil {
			t.Fatal(err)
		}
	}
	ents, err := os.ReadDir(outs[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != len(ds) {
		t.Errorf("made %d wheels, want %d", len(ents), len(ds))
	}
	for _, e := range ents {
		a, errA := os.ReadFile(filepath.Join(outs[0], e.Name()))
		b, errB := os.ReadFile(filepath.Join(outs[1], e.Name()))
		if errA != nil || errB != nil {
			t.Fatalf("reading %s: %v, %v", e.Name(), errA, errB)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two builds", e.Name())
		}
	}
}
