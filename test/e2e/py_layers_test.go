package e2e

import (
	"archive/tar"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/testutil/pyindex"
	"github.com/pyko-dev/pyko/internal/testutil/wheels"
)

// bigSize is the size of the big test package's data file: above the
// 20 MiB at which a package gets a layer of its own.
const bigSize = 21<<20 + 4096

// bigWheel is a pure-Python wheel holding bigSize bytes of deterministic,
// incompressible data, so that neither compression nor chance keeps it
// under the threshold.
func bigWheel() wheels.Wheel {
	data := make([]byte, bigSize)
	var seed [32]byte
	copy(seed[:], "pyko large package layer test")
	_, _ = rand.NewChaCha8(seed).Read(data) // never fails
	return wheels.Wheel{Name: "big-blob", Version: "1.0", Files: []wheels.File{
		{Path: "big_blob/__init__.py", Content: []byte("import os\nDATA = os.path.join(os.path.dirname(__file__), 'data.bin')\n")},
		{Path: "big_blob/data.bin", Content: data},
	}}
}

// tinyWheel is a small dependency at version v.
func tinyWheel(v string) wheels.Wheel {
	return wheels.Wheel{Name: "tiny-dep", Version: v, Files: []wheels.File{
		{Path: "tiny_dep/__init__.py", Content: []byte("VERSION = " + `"` + v + `"` + "\n")},
	}}
}

// TestPyLargePackageLayer builds a project needing a package above 20 MiB
// and a small one: the big package is alone in its own layer, the small
// one shares the venv's layer, and bumping the small one leaves the big
// package's layer as it was, digest and all.
func TestPyLargePackageLayer(t *testing.T) {
	t.Parallel()
	requirePyko(t)
	base := baseRef(t)
	dir := t.TempDir()
	sums := map[string]string{}
	for _, w := range []wheels.Wheel{bigWheel(), tinyWheel("1.0"), tinyWheel("1.1")} {
		_, sum, err := wheels.Write(dir, w)
		if err != nil {
			t.Fatal(err)
		}
		sums[w.Name+"=="+w.Version] = sum
	}
	idx := pyindex.Serve(t, dir)
	env := wolfiCache(t)
	build := func(tiny string) string {
		t.Helper()
		proj := filepath.Join(t.TempDir(), "proj")
		reqs := "--index-url " + idx.IndexURL() + "\n"
		for _, pin := range []string{"big-blob==1.0", "tiny-dep==" + tiny} {
			reqs += pin + " --hash=sha256:" + sums[pin] + "\n"
		}
		mkProject(t, proj, map[string]string{"main.py": "import big_blob, tiny_dep\n", "requirements.txt": reqs})
		out := filepath.Join(t.TempDir(), "oci")
		buildOK(t, env, "build", proj, "--base", base, "-o", "oci:"+out+":app")
		return out
	}
	first := build("1.0")
	bigLayer, venvLayer := checkBigLayer(t, first, "1.0")
	second := build("1.1")
	bigLayer2, venvLayer2 := checkBigLayer(t, second, "1.1")
	before, after := layerDigests(t, first, "app"), layerDigests(t, second, "app")
	if before[bigLayer] != after[bigLayer2] {
		t.Errorf("bumping tiny-dep 1.0 → 1.1 changed big-blob's layer: %s → %s", before[bigLayer], after[bigLayer2])
	}
	if before[venvLayer] == after[venvLayer2] {
		t.Errorf("bumping tiny-dep 1.0 → 1.1 left the venv layer %s unchanged", before[venvLayer])
	}
}

// checkBigLayer checks the layering of the image in out, built with
// tiny-dep==tiny, and returns the index of big-blob's layer and of the
// venv's layer.
func checkBigLayer(t *testing.T, out, tiny string) (big, venv int) {
	t.Helper()
	img := ociImage(t, out, "app")
	tree := readTree(t, img)
	own := []string{sitePackages + "/big_blob/", sitePackages + "/big_blob-1.0.dist-info/"}
	data := tree.entries[sitePackages+"/big_blob/data.bin"]
	if data == nil || data.hdr.Size != bigSize {
		t.Fatalf("/%s/big_blob/data.bin is not in the image with %d bytes (%v)", sitePackages, bigSize, data)
	}
	big = data.layer
	for name, hdr := range tree.layers[big] {
		if hdr.Typeflag != tar.TypeDir && !slices.ContainsFunc(own, func(p string) bool { return strings.HasPrefix(name, p) }) {
			t.Errorf("big-blob's layer %d also holds /%s; a package above 20 MiB gets a layer of its own", big+1, name)
		}
	}
	for name, e := range tree.entries {
		if slices.ContainsFunc(own, func(p string) bool { return strings.HasPrefix(name, p) }) && e.hdr.Typeflag != tar.TypeDir && e.layer != big {
			t.Errorf("/%s is in layer %d, not with the rest of big-blob in layer %d", name, e.layer+1, big+1)
		}
	}
	tinyInit := tree.entries[sitePackages+"/tiny_dep/__init__.py"]
	cfg := tree.entries["app/venv/pyvenv.cfg"]
	switch {
	case tinyInit == nil || cfg == nil:
		t.Fatalf("tiny_dep/__init__.py (%v) or the venv's pyvenv.cfg (%v) is not in the image", tinyInit, cfg)
	case tinyInit.layer != cfg.layer:
		t.Errorf("tiny-dep is in layer %d, the venv in layer %d; small packages share the venv's layer", tinyInit.layer+1, cfg.layer+1)
	case tinyInit.layer == big:
		t.Errorf("tiny-dep shares big-blob's layer %d", big+1)
	}
	if !tree.exists("/" + sitePackages + "/tiny_dep-" + tiny + ".dist-info/METADATA") {
		t.Errorf("tiny-dep %s's dist-info is not in the image", tiny)
	}
	last := len(tree.layers) - 1
	if big == last || cfg.layer == last {
		t.Errorf("Python packages in the app layer (big-blob in %d, venv in %d, of %d layers)", big+1, cfg.layer+1, last+1)
	}
	return big, cfg.layer
}
