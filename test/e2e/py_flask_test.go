package e2e

import (
	"archive/tar"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/testutil/pyindex"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// sitePackages is the venv's site-packages in both worlds (CPython 3.11).
const sitePackages = "app/venv/lib/python3.11/site-packages"

// TestPyFlaskRequirements builds examples/flask-requirements in both
// worlds: from the Wolfi mirror with the example's own requirements.txt
// (pins, no hashes) and --index-url, and on the Debian base with a
// hash-pinned requirements.txt whose --index-url line names the index.
// podman runs each; the mirror build is reproducible with a fresh cache;
// editing main.py changes only the app layer.
func TestPyFlaskRequirements(t *testing.T) {
	t.Parallel()
	tools.Require(t, "skopeo")
	requirePyko(t)
	whl := debWheelDir(t)
	ws := wheelsIn(t, whl)
	idx := pyindex.Serve(t, whl)
	base := baseRef(t)
	repo := wolfiClone(t)
	tmp := t.TempDir()

	wolfiProj := copyExample(t, "flask-requirements")
	wolfiArgs := func(out string) []string {
		return wolfiBuildArgs(wolfiProj, repo, wolfiKeyFile(repo), "--index-url", idx.IndexURL(), "-o", "oci:"+out+":app")
	}
	wolfiOut := filepath.Join(tmp, "wolfi")
	wolfiDigest := buildOK(t, wolfiCache(t), wolfiArgs(wolfiOut)...)

	debProj := copyExample(t, "flask-requirements")
	pyWriteFile(t, debProj, "requirements.txt", "--index-url "+idx.IndexURL()+"\n"+pinLines(t, ws, flaskAndRequests...))
	debArgs := func(dir, out string) []string {
		return []string{"build", dir, "--base", base, "-o", "oci:" + out + ":app"}
	}
	debOut := filepath.Join(tmp, "debian")
	buildOK(t, wolfiCache(t), debArgs(debProj, debOut)...)

	want := []string{
		"GET /hello: 200 <p>Hello, &lt;pyko&gt;!</p>",
		"markupsafe escape: markupsafe._speedups",
		"requests " + wheelOf(t, ws, "requests").Version + ": https://example.org/search?q=pyko",
		"uid=65532 prefix=/app/venv python=3.11",
	}

	for _, world := range []struct{ name, out string }{{"wolfi", wolfiOut}, {"debian", debOut}} {
		t.Run(world.name+" image", func(t *testing.T) {
			t.Parallel()
			checkFlaskImage(t, world.out)
			p := tools.NewPodman(t)
			got, err := podmanRun(t, p, world.out, "app", "localhost/flask-"+world.name+":1", nil)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("container output:\n%s", got)
			checkOutput(t, got, want...)
		})
	}

	t.Run("same digest with a fresh cache", func(t *testing.T) {
		t.Parallel()
		out := filepath.Join(t.TempDir(), "oci")
		if d := buildOK(t, wolfiCache(t), wolfiArgs(out)...); d != wolfiDigest {
			t.Errorf("second build from an empty cache: %s, first %s", d, wolfiDigest)
		}
	})

	t.Run("editing main.py changes only the app layer", func(t *testing.T) {
		t.Parallel()
		edited := filepath.Join(t.TempDir(), "flask-requirements")
		copyTree(t, debProj, edited)
		f, err := os.OpenFile(filepath.Join(edited, "main.py"), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteString("\n# edited: only the app changed\n"); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(t.TempDir(), "oci")
		buildOK(t, wolfiCache(t), debArgs(edited, out)...)
		before, after := layerDigests(t, debOut, "app"), layerDigests(t, out, "app")
		if len(before) != len(after) || len(before) < 3 {
			t.Fatalf("%d layers before the edit, %d after; want the same number, at least base, venv and app", len(before), len(after))
		}
		n := len(before)
		if !slices.Equal(before[:n-1], after[:n-1]) {
			t.Errorf("editing main.py changed layers other than the last:\nbefore %v\nafter  %v", before[:n-1], after[:n-1])
		}
		if before[n-1] == after[n-1] {
			t.Errorf("editing main.py left the app layer %s unchanged", before[n-1])
		}
	})
}

// checkFlaskImage checks the config and the venv of a flask-requirements
// image: the entrypoint runs main.py with the venv's python, the
// dependencies are in a layer before the app layer, MarkupSafe's compiled
// module is there, and the venv's python is the image's CPython.
func checkFlaskImage(t *testing.T, out string) {
	t.Helper()
	img := ociImage(t, out, "app")
	cfg, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"/app/venv/bin/python", "/app/main.py"}; !slices.Equal(cfg.Config.Entrypoint, want) {
		t.Errorf("Entrypoint = %q, want %q", cfg.Config.Entrypoint, want)
	}
	if cfg.Config.User != "65532:65532" {
		t.Errorf("User = %q, want 65532:65532", cfg.Config.User)
	}
	tree := readTree(t, img)
	last := len(tree.layers) - 1
	for _, p := range []string{"flask/__init__.py", "requests/__init__.py", "jinja2/__init__.py", "markupsafe/__init__.py"} {
		e := tree.entries[sitePackages+"/"+p]
		switch {
		case e == nil:
			t.Errorf("/%s/%s is not in the image", sitePackages, p)
		case e.layer == last:
			t.Errorf("/%s/%s is in the app layer; dependencies belong in a layer of their own", sitePackages, p)
		}
	}
	var speedups []string
	for name := range tree.entries {
		if strings.HasPrefix(name, sitePackages+"/markupsafe/_speedups.") && strings.HasSuffix(name, ".so") {
			speedups = append(speedups, name)
		}
	}
	if len(speedups) != 1 {
		t.Errorf("the image has %d compiled markupsafe/_speedups modules %v, want 1", len(speedups), speedups)
	}
	cfgFile := string(readFile(t, img, tree, "/app/venv/pyvenv.cfg"))
	if !strings.Contains(cfgFile, "home = ") || !strings.Contains(cfgFile, "3.11") {
		t.Errorf("/app/venv/pyvenv.cfg has no home or version 3.11:\n%s", cfgFile)
	}
	canon, e := tree.resolve("/app/venv/bin/python", true)
	if e == nil || e.hdr.Typeflag != tar.TypeReg || !strings.Contains(canon, "python3.11") {
		t.Errorf("/app/venv/bin/python resolves to /%s (%v), want the image's python3.11 executable", canon, e)
	}
	for name, e := range tree.layers[last] {
		if e.Typeflag != tar.TypeDir && strings.HasPrefix(name, "app/venv/") {
			t.Errorf("the app layer holds /%s: the venv belongs in the dependency layers", name)
		}
	}
}
