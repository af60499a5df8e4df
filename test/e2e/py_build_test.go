package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/testutil/pyindex"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
	"github.com/pyko-dev/pyko/internal/testutil/wheels"
)

// Sdists the source-build tests publish: each is built in the sandbox, in
// a build root of the offline mirror (gcc, python-3.11-dev from Debian).
var (
	// purelib is setup.py only: setuptools' legacy backend.
	purelibSdist = wheels.Sdist{Name: "purelib", Version: "1.0", Files: []wheels.File{
		{Path: "pyproject.toml", Content: []byte("")},
		{Path: "setup.py", Content: []byte("from setuptools import setup\nsetup(name='purelib', version='1.0', py_modules=['purelib'])\n")},
		{Path: "purelib.py", Content: []byte("VALUE = 'pure'\n")},
	}}
	// zext is a C extension linking libz: compiled by gcc in the sandbox.
	zextSdist = wheels.Sdist{Name: "zext", Version: "1.0", Files: []wheels.File{
		{Path: "pyproject.toml", Content: []byte("[build-system]\nrequires = [\"setuptools>=40.8.0\"]\nbuild-backend = \"setuptools.build_meta\"\n")},
		{Path: "setup.py", Content: []byte("from setuptools import setup, Extension\n" +
			"setup(name='zext', version='1.0', ext_modules=[Extension('zext', ['zext.c'], libraries=['z'])])\n")},
		{Path: "zext.c", Content: []byte(`#include <Python.h>
#include <zlib.h>
static PyObject *version(PyObject *self, PyObject *args) { return PyUnicode_FromString(zlibVersion()); }
static PyMethodDef methods[] = {{"zlib_version", version, METH_NOARGS, ""}, {0}};
static struct PyModuleDef mod = {PyModuleDef_HEAD_INIT, "zext", 0, -1, methods};
PyMODINIT_FUNC PyInit_zext(void) { return PyModule_Create(&mod); }
`)},
	}}
	// intree has its own backend in the tree (backend-path) and no build
	// requirements: it writes the wheel with zipfile.
	intreeSdist = wheels.Sdist{Name: "intree", Version: "2.0", Files: []wheels.File{
		{Path: "pyproject.toml", Content: []byte("[build-system]\nrequires = []\nbuild-backend = \"backend\"\nbackend-path = [\"_backend\"]\n")},
		{Path: "_backend/backend.py", Content: []byte(`import base64, hashlib, os, zipfile
def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    name = "intree-2.0-py3-none-any.whl"
    files = {
        "intree.py": b"VALUE = 'in-tree backend'\n",
        "intree-2.0.dist-info/METADATA": b"Metadata-Version: 2.1\nName: intree\nVersion: 2.0\n",
        "intree-2.0.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: intree\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w") as z:
        for path, data in files.items():
            z.writestr(zipfile.ZipInfo(path, (1980, 1, 1, 0, 0, 0)), data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append("%s,sha256=%s,%d" % (path, digest, len(data)))
        record.append("intree-2.0.dist-info/RECORD,,")
        z.writestr(zipfile.ZipInfo("intree-2.0.dist-info/RECORD", (1980, 1, 1, 0, 0, 0)), "\n".join(record) + "\n")
    return name
`)},
	}}
	// broken fails its build after some output.
	brokenSdist = wheels.Sdist{Name: "broken", Version: "1.0", Files: []wheels.File{
		{Path: "pyproject.toml", Content: []byte("")},
		{Path: "setup.py", Content: []byte("import sys\nfor i in range(100):\n    print('line', i)\nsys.exit('the build of broken fails on purpose')\n")},
	}}
)

// sdistWorld serves the Debian wheels (setuptools and its dependencies)
// and the sdists on a loopback index, and returns it with the
// requirements lines pinning each sdist by hash.
func sdistWorld(t *testing.T, sdists ...wheels.Sdist) (*pyindex.Server, []string) {
	t.Helper()
	dir := t.TempDir()
	ents, err := os.ReadDir(debWheelDir(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		data, err := os.ReadFile(filepath.Join(debWheelDir(t), e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		pyWriteFile(t, dir, e.Name(), string(data))
	}
	var lines []string
	for _, s := range sdists {
		_, sum, err := wheels.WriteSdist(dir, s)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, fmt.Sprintf("%s==%s --hash=sha256:%s", s.Name, s.Version, sum))
	}
	return pyindex.Serve(t, dir), lines
}

// sdistProject is a project whose main.py imports mods and prints what
// they say.
func sdistProject(t *testing.T, reqs []string, main string) string {
	t.Helper()
	proj := t.TempDir()
	pyWriteFile(t, proj, "pyproject.toml", "[project]\nname = \"built\"\nversion = \"0.1.0\"\nrequires-python = \">=3.11\"\n\n[tool.pyko]\nbuild-packages = [\"zlib-dev\"]\n")
	pyWriteFile(t, proj, "requirements.txt", strings.Join(reqs, "\n")+"\n")
	pyWriteFile(t, proj, "main.py", main)
	return proj
}

func TestPyBuildFromSource(t *testing.T) {
	t.Parallel()
	tools.Require(t, "skopeo")
	requirePyko(t)
	idx, reqs := sdistWorld(t, purelibSdist, zextSdist, intreeSdist)
	repo := wolfiClone(t)
	proj := sdistProject(t, reqs, "import purelib, zext, intree\nprint('purelib:', purelib.VALUE)\nprint('zext:', zext.zlib_version(), zext.__file__)\nprint('intree:', intree.VALUE)\n")
	cache := wolfiCache(t)
	args := func(out string) []string {
		return wolfiBuildArgs(proj, repo, wolfiKeyFile(repo), "--index-url", idx.IndexURL(), "-o", "oci:"+out+":app")
	}

	plan := runPyko(t, cache, "plan", proj, "--repository", repo, "--keyring", wolfiKeyFile(repo), "--python", "3.11", "--index-url", idx.IndexURL())
	if plan.code != 0 {
		t.Fatalf("pyko plan: exit %d\n%s", plan.code, plan.stderr)
	}
	for _, want := range []string{"built from purelib-1.0.tar.gz", "built from zext-1.0.tar.gz", "built from intree-2.0.tar.gz", "build root", "python-3.11-dev", "zlib-dev"} {
		if !strings.Contains(plan.stdout, want) {
			t.Errorf("pyko plan lacks %q:\n%s", want, plan.stdout)
		}
	}

	out := filepath.Join(t.TempDir(), "oci")
	r := runPyko(t, cache, args(out)...)
	if r.code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", r.code, r.stderr)
	}
	if n := strings.Count(r.stderr, "built from source"); n != 3 {
		t.Errorf("%d packages built from source, want 3:\n%s", n, r.stderr)
	}
	digest := lastLine(r.stdout)
	got, err := podmanRun(t, tools.NewPodman(t), out, "app", "localhost/pyko-built:1", nil)
	if err != nil {
		t.Fatal(err)
	}
	checkOutput(t, got, "purelib: pure", "zext: 1.2.13 /app/venv/lib/python3.11/site-packages/zext.cpython-311-x86_64-linux-gnu.so", "intree: in-tree backend")

	// The second build takes every wheel from the cache and gives the
	// same image.
	again := runPyko(t, cache, args(filepath.Join(t.TempDir(), "again"))...)
	if again.code != 0 {
		t.Fatalf("second build: exit %d\n%s", again.code, again.stderr)
	}
	if n := strings.Count(again.stderr, "built wheel from cache"); n != 3 || strings.Contains(again.stderr, "built from source") {
		t.Errorf("second build: %d wheels from the cache, want 3:\n%s", n, again.stderr)
	}
	if lastLine(again.stdout) != digest {
		t.Errorf("second build digest %s, first %s", lastLine(again.stdout), digest)
	}

	// A fresh cache builds everything again, to the same digest.
	fresh := runPyko(t, wolfiCache(t), args(filepath.Join(t.TempDir(), "fresh"))...)
	if fresh.code != 0 || lastLine(fresh.stdout) != digest {
		t.Errorf("a rebuild with an empty cache: exit %d, digest %s, want %s\n%s", fresh.code, lastLine(fresh.stdout), digest, fresh.stderr)
	}
}
