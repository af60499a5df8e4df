package build

import (
	"archive/tar"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"

	"github.com/pyko-dev/pyko/internal/testutil/pyindex"
	"github.com/pyko-dev/pyko/internal/testutil/wheels"
)

// pyProject writes a project that needs two wheels served by a loopback
// index: a small one and one "large" enough for a layer of its own.
func pyProject(t *testing.T) (proj string, idx *pyindex.Server) {
	t.Helper()
	wheelDir := t.TempDir()
	var lines []string
	for _, w := range []wheels.Wheel{
		{Name: "tiny-dep", Version: "1.0", Files: []wheels.File{{Path: "tiny_dep/__init__.py", Content: []byte("X = 1\n")}},
			EntryPoints: "[console_scripts]\ntiny = tiny_dep:main\n"},
		{Name: "big-dep", Version: "2.0", Tags: "cp312-cp312-manylinux_2_17_x86_64", Platlib: true,
			Files: []wheels.File{{Path: "big_dep/data.bin", Content: noise(20 << 10)}}},
	} {
		_, sum, err := wheels.Write(wheelDir, w)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, fmt.Sprintf("%s==%s --hash=sha256:%s", w.Name, w.Version, sum))
	}
	idx = pyindex.Serve(t, wheelDir)
	proj = projectWith(t, ">=3.12")
	req := fmt.Sprintf("--index-url %s\n%s\n", idx.IndexURL(), strings.Join(lines, "\n"))
	if err := os.WriteFile(filepath.Join(proj, "requirements.txt"), []byte(req), 0o644); err != nil {
		t.Fatal(err)
	}
	return proj, idx
}

func layersOf(t *testing.T, out string) ([]v1.Hash, *v1.ConfigFile) {
	t.Helper()
	idx, err := layout.ImageIndexFromPath(out)
	if err != nil {
		t.Fatal(err)
	}
	im, _ := idx.IndexManifest()
	img, _ := idx.Image(im.Manifests[len(im.Manifests)-1].Digest)
	m, _ := img.Manifest()
	var ds []v1.Hash
	for _, l := range m.Layers {
		ds = append(ds, l.Digest)
	}
	cf, _ := img.ConfigFile()
	return ds, cf
}

func TestPythonDependencies(t *testing.T) {
	repo, keyPath, _ := tinyRepo(t)
	proj, _ := pyProject(t)
	o := osOptions(t, repo, keyPath, proj)
	o.OSLayers = 1
	o.LargePackage = 10 << 10
	out := strings.TrimSuffix(strings.TrimPrefix(o.Outputs[0], "oci:"), ":app")
	if _, err := Run(context.Background(), quiet(), o); err != nil {
		t.Fatal(err)
	}
	first, cf := layersOf(t, out)
	// 1 OS layer, the generated layer, the venv with tiny-dep, big-dep
	// alone, the SBOM, the app.
	if len(first) != 6 {
		t.Fatalf("%d layers, want 6", len(first))
	}
	if ep := cf.Config.Entrypoint; len(ep) != 2 || ep[0] != "/app/venv/bin/python" || ep[1] != "/app/main.py" {
		t.Errorf("entrypoint %q", ep)
	}
	var hist []string
	for _, h := range cf.History {
		hist = append(hist, h.CreatedBy)
	}
	if !strings.Contains(strings.Join(hist, "\n"), "python package big-dep==2.0") {
		t.Errorf("history %q", hist)
	}

	// Changing only main.py changes only the app layer.
	if err := os.WriteFile(filepath.Join(proj, "main.py"), []byte("print('changed')\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), quiet(), o); err != nil {
		t.Fatal(err)
	}
	second, _ := layersOf(t, out)
	for i := range first[:len(first)-1] {
		if first[i] != second[i] {
			t.Errorf("layer %d changed with main.py", i)
		}
	}
	if first[len(first)-1] == second[len(second)-1] {
		t.Error("the app layer did not change")
	}
}

func TestPythonDependencyErrors(t *testing.T) {
	repo, keyPath, _ := tinyRepo(t)
	tests := []struct{ name, req, want string }{
		{"unpinned with hashes", "tiny-dep>=1 --hash=sha256:" + strings.Repeat("0", 64) + "\n", "must pin one version"},
		{"unpinned and unknown", "no-such-dep>=1\n", `package "no-such-dep" not found`},
		{"bad hash", "tiny-dep==1.0 --hash=sha256:" + strings.Repeat("0", 64) + "\n", "hash"},
		{"missing", "no-such-dep==1.0\n", "no-such-dep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			proj, idx := pyProject(t)
			req := "--index-url " + idx.IndexURL() + "\n" + tt.req
			os.WriteFile(filepath.Join(proj, "requirements.txt"), []byte(req), 0o644)
			_, err := Run(context.Background(), quiet(), osOptions(t, repo, keyPath, proj))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestProjectInstalledAsPackage(t *testing.T) {
	repo, keyPath, _ := tinyRepo(t)
	proj := t.TempDir()
	os.MkdirAll(filepath.Join(proj, "src", "myapp"), 0o755)
	os.WriteFile(filepath.Join(proj, "src", "myapp", "__init__.py"), []byte("def main():\n    print('hi')\n"), 0o644)
	os.WriteFile(filepath.Join(proj, "pyproject.toml"), []byte(`[project]
name = "myapp"
version = "0.3"
requires-python = ">=3.12"
[project.scripts]
serve = "myapp:main"
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"
`), 0o644)
	o := osOptions(t, repo, keyPath, proj)
	res, err := Run(context.Background(), quiet(), o)
	if err != nil {
		t.Fatal(err)
	}
	cf, _ := res.Image.ConfigFile()
	if ep := cf.Config.Entrypoint; len(ep) != 1 || ep[0] != "/app/venv/bin/serve" {
		t.Errorf("entrypoint %q, want the project's one script", ep)
	}
	idx, err := layout.ImageIndexFromPath(strings.TrimSuffix(strings.TrimPrefix(o.Outputs[0], "oci:"), ":app"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := idx.Image(res.Digest)
	if err != nil {
		t.Fatal(err)
	}
	ls, _ := img.Layers()
	names := tarNames(t, ls[len(ls)-1])
	for _, want := range []string{
		"app/src/myapp/__init__.py",
		"app/venv/bin/serve",
		"app/venv/lib/python3.12/site-packages/_pyko_myapp.pth",
		"app/venv/lib/python3.12/site-packages/myapp-0.3.dist-info/METADATA",
		"app/venv/lib/python3.12/site-packages/myapp-0.3.dist-info/INSTALLER",
	} {
		if !names[want] {
			t.Errorf("app layer lacks %s", want)
		}
	}

	os.WriteFile(filepath.Join(proj, "pyproject.toml"), []byte("[project]\nname = \"fast\"\nversion = \"1\"\n[project.scripts]\nserve = \"myapp:main\"\n[build-system]\nrequires = [\"setuptools\", \"cython\"]\n"), 0o644)
	// A project that compiles is built, in a build root this tiny
	// repository cannot make.
	if _, err := Run(context.Background(), quiet(), osOptions(t, repo, keyPath, proj)); err == nil || !strings.Contains(err.Error(), "the build root of fast==1") || !strings.Contains(err.Error(), "build-base") {
		t.Fatalf("err = %v", err)
	}
}

func tarNames(t *testing.T, l v1.Layer) map[string]bool {
	t.Helper()
	rc, err := l.Uncompressed()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	tr := tar.NewReader(rc)
	out := map[string]bool{}
	for {
		h, err := tr.Next()
		if err != nil {
			return out
		}
		out[strings.TrimSuffix(h.Name, "/")] = true
	}
}

func TestVenvPipTakesTheNewestRelease(t *testing.T) {
	repo, keyPath, _ := tinyRepo(t)
	wheelDir := t.TempDir()
	for _, v := range []string{"23.0", "24.0", "25.0b1"} {
		if _, _, err := wheels.Write(wheelDir, wheels.Wheel{Name: "pip", Version: v,
			Files: []wheels.File{{Path: "pip/__init__.py", Content: []byte("__version__ = '" + v + "'\n")}}}); err != nil {
			t.Fatal(err)
		}
	}
	idx := pyindex.Serve(t, wheelDir)
	o := osOptions(t, repo, keyPath, projectWith(t, ">=3.12"))
	o.VenvPip, o.IndexURL = true, idx.IndexURL()
	res, err := Run(context.Background(), quiet(), o)
	if err != nil {
		t.Fatal(err)
	}
	out := strings.TrimSuffix(strings.TrimPrefix(o.Outputs[0], "oci:"), ":app")
	lidx, _ := layout.ImageIndexFromPath(out)
	img, _ := lidx.Image(res.Digest)
	found := false
	ls, _ := img.Layers()
	for _, l := range ls {
		names := tarNames(t, l)
		found = found || names["app/venv/lib/python3.12/site-packages/pip-24.0.dist-info/METADATA"]
	}
	if !found {
		t.Fatal("pip 24.0 is not in the venv")
	}
}

// noise is n incompressible bytes, the same on every run.
func noise(n int) []byte {
	b := make([]byte, n)
	x := uint32(2463534242)
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x)
	}
	return b
}

func TestPylockAndPipfileLock(t *testing.T) {
	repo, keyPath, _ := tinyRepo(t)
	wheelDir := t.TempDir()
	path, sum, err := wheels.Write(wheelDir, wheels.Wheel{Name: "tiny-dep", Version: "1.0",
		Files: []wheels.File{{Path: "tiny_dep/__init__.py", Content: []byte("X = 1\n")}}})
	if err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	idx := pyindex.Serve(t, wheelDir)
	url := idx.URL + "/files/" + filepath.Base(path)
	locks := map[string]string{
		"pylock.toml": fmt.Sprintf("lock-version = \"1.0\"\ncreated-by = \"test\"\n\n[[packages]]\nname = \"tiny-dep\"\nversion = \"1.0\"\n\n"+
			"[[packages.wheels]]\nurl = %q\nsize = %d\nhashes = { sha256 = %q }\n", url, st.Size(), sum),
		"Pipfile.lock": fmt.Sprintf(`{"_meta": {"sources": [{"name": "test", "url": %q, "verify_ssl": false}], "pipfile-spec": 6, "requires": {}, "hash": {"sha256": "x"}},
 "default": {"tiny-dep": {"hashes": ["sha256:%s"], "index": "test", "version": "==1.0"}}, "develop": {}}`, idx.IndexURL(), sum),
	}
	for name, body := range locks {
		t.Run(name, func(t *testing.T) {
			proj := projectWith(t, ">=3.12")
			os.WriteFile(filepath.Join(proj, name), []byte(body), 0o644)
			o := osOptions(t, repo, keyPath, proj)
			p, err := Plan(context.Background(), quiet(), o)
			if err != nil {
				t.Fatal(err)
			}
			ws := p.Platforms[0].Wheels
			if p.Project.Lockfile != name || len(ws) != 1 || ws[0].SHA256 != sum || ws[0].Filename != filepath.Base(path) {
				t.Fatalf("plan %+v wheels %+v", p.Project, ws)
			}
			if _, err := Run(context.Background(), quiet(), o); err != nil {
				t.Fatal(err)
			}
		})
	}
}
