package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
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
	// zstdext links libzstd.so.1, which the image has no package for
	// until pyko reads the built module's DT_NEEDED (no headers needed: it
	// declares the one function it calls).
	zstdextSdist = wheels.Sdist{Name: "zstdext", Version: "1.0", Files: []wheels.File{
		{Path: "setup.py", Content: []byte("from setuptools import setup, Extension\n" +
			"setup(name='zstdext', version='1.0', ext_modules=[Extension('zstdext', ['zstdext.c'], extra_link_args=['-l:libzstd.so.1'])])\n")},
		{Path: "zstdext.c", Content: []byte(`#include <Python.h>
const char *ZSTD_versionString(void);
static PyObject *version(PyObject *self, PyObject *args) { return PyUnicode_FromString(ZSTD_versionString()); }
static PyMethodDef methods[] = {{"zstd_version", version, METH_NOARGS, ""}, {0}};
static struct PyModuleDef mod = {PyModuleDef_HEAD_INIT, "zstdext", 0, -1, methods};
PyMODINIT_FUNC PyInit_zstdext(void) { return PyModule_Create(&mod); }
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
	// needsix requires six, which its PKG-INFO does not say (setuptools
	// writes Requires-Dist only into the built wheel's METADATA).
	needsixSdist = wheels.Sdist{Name: "needsix", Version: "1.0", Files: []wheels.File{
		{Path: "pyproject.toml", Content: []byte("")},
		{Path: "setup.py", Content: []byte("from setuptools import setup\nsetup(name='needsix', version='1.0', py_modules=['needsix'], install_requires=['six>=1.10'])\n")},
		{Path: "needsix.py", Content: []byte("import six\n")},
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
	idx, reqs := sdistWorld(t, purelibSdist, zextSdist, intreeSdist, zstdextSdist)
	repo := wolfiClone(t)
	proj := sdistProject(t, reqs, "import purelib, zext, intree, zstdext\nprint('purelib:', purelib.VALUE)\nprint('zext:', zext.zlib_version(), zext.__file__)\nprint('intree:', intree.VALUE)\nprint('zstd:', zstdext.zstd_version())\n")
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
	if n := strings.Count(r.stderr, "msg=\"built from source\""); n != 4 {
		t.Errorf("%d packages built from source, want 4:\n%s", n, r.stderr)
	}
	if !strings.Contains(r.stderr, "adding the packages that provide them\" packages=so:libzstd.so.1") {
		t.Errorf("the build did not add the package of libzstd.so.1:\n%s", r.stderr)
	}
	digest := lastLine(r.stdout)
	got, err := podmanRun(t, tools.NewPodman(t), out, "app", "localhost/pyko-built:1", nil)
	if err != nil {
		t.Fatal(err)
	}
	checkOutput(t, got, "purelib: pure", "zstd: 1.5.4", "zext: 1.2.13 /app/venv/lib/python3.11/site-packages/zext.cpython-311-x86_64-linux-gnu.so", "intree: in-tree backend")

	// The second build builds nothing and gives the same image: the
	// python layers come from the cache of finished layers; only the first
	// plan, whose OS lacks libzstd (and so whose layers differ), takes
	// its 4 wheels from the cache of built wheels before planning again.
	again := runPyko(t, cache, args(filepath.Join(t.TempDir(), "again"))...)
	if again.code != 0 {
		t.Fatalf("second build: exit %d\n%s", again.code, again.stderr)
	}
	if n := strings.Count(again.stderr, "built wheel from cache"); n != 4 || strings.Contains(again.stderr, "msg=\"built from source\"") {
		t.Errorf("second build: %d wheels from the cache, want 4 (those of the first plan):\n%s", n, again.stderr)
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

// hostileSdist's in-tree backend tries, while it builds, to reach a
// loopback server, to read a host file, to see pyko's working directory
// and to write outside its tree; it
// records each outcome in the module it builds, so the image tells.
func hostileSdist(server, hostFile, hostDir, cwd string) wheels.Sdist {
	backend := fmt.Sprintf(`import base64, hashlib, os, socket, urllib.request, zipfile
def attempts():
    out = {}
    try:
        urllib.request.urlopen(%[1]q, timeout=5).read()
        out["network"] = "reached"
    except Exception as e:
        out["network"] = "failed: " + type(e).__name__
    try:
        out["read"] = "read " + open(%[2]q).read()
    except Exception as e:
        out["read"] = "failed: " + type(e).__name__
    for i, target in enumerate([%[3]q + "/escaped", "/usr/lib/escaped", "/env/escaped", "/escaped"]):
        try:
            with open(target, "w") as f:
                f.write("x")
            out["write%%d" %% i] = "wrote " + target
        except Exception as e:
            out["write%%d" %% i] = "failed: " + type(e).__name__
    out["uid"] = os.getuid()
    out["cwd"] = os.path.exists(%[4]q)
    return out

def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    name = "hostile-1.0-py3-none-any.whl"
    files = {
        "hostile.py": ("RESULTS = %%r\n" %% sorted(attempts().items())).encode(),
        "hostile-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\nName: hostile\nVersion: 1.0\n",
        "hostile-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: hostile\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w") as z:
        for path, data in files.items():
            z.writestr(zipfile.ZipInfo(path, (1980, 1, 1, 0, 0, 0)), data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append("%%s,sha256=%%s,%%d" %% (path, digest, len(data)))
        record.append("hostile-1.0.dist-info/RECORD,,")
        z.writestr(zipfile.ZipInfo("hostile-1.0.dist-info/RECORD", (1980, 1, 1, 0, 0, 0)), "\n".join(record) + "\n")
    return name
`, server, hostFile, hostDir, cwd)
	return wheels.Sdist{Name: "hostile", Version: "1.0", Files: []wheels.File{
		{Path: "pyproject.toml", Content: []byte("[build-system]\nrequires = []\nbuild-backend = \"backend\"\nbackend-path = [\"_backend\"]\n")},
		{Path: "_backend/backend.py", Content: []byte(backend)},
	}}
}

// TestPyBuildSandboxed builds a backend that attacks its host: every
// attempt fails inside the sandbox, the host sees none of them, and the
// build is still reproducible.
func TestPyBuildSandboxed(t *testing.T) {
	t.Parallel()
	tools.Require(t, "skopeo")
	requirePyko(t)
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	hostDir := t.TempDir()
	hostFile := filepath.Join(hostDir, "secret.txt")
	pyWriteFile(t, hostDir, "secret.txt", "host secret")
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	idx, reqs := sdistWorld(t, hostileSdist(srv.URL, hostFile, hostDir, cwd))
	repo := wolfiClone(t)
	proj := sdistProject(t, reqs, "import hostile\nfor k, v in hostile.RESULTS:\n    print(k, '=', v)\n")
	args := func(out string) []string {
		return wolfiBuildArgs(proj, repo, wolfiKeyFile(repo), "--index-url", idx.IndexURL(), "-o", "oci:"+out+":app")
	}
	out := filepath.Join(t.TempDir(), "oci")
	digest := buildOK(t, wolfiCache(t), args(out)...)
	if n := hits.Load(); n != 0 {
		t.Errorf("the loopback server saw %d requests from the build", n)
	}
	if ents, _ := os.ReadDir(hostDir); len(ents) != 1 {
		t.Errorf("the build wrote into the host's %s: %v", hostDir, ents)
	}
	got, err := podmanRun(t, tools.NewPodman(t), out, "app", "localhost/pyko-hostile:1", nil)
	if err != nil {
		t.Fatal(err)
	}
	checkOutput(t, got, "network = failed: URLError", "read = failed: FileNotFoundError", "cwd = False", "uid = 0")
	for i := range 4 {
		if !strings.Contains(got, fmt.Sprintf("write%d = failed:", i)) {
			t.Errorf("write %d was not refused:\n%s", i, got)
		}
	}
	if again := buildOK(t, wolfiCache(t), args(filepath.Join(t.TempDir(), "again"))...); again != digest {
		t.Errorf("the hostile build is not reproducible: %s then %s", digest, again)
	}
}

// TestPyBuildFails: a failing build names the package, shows the end of
// its output, keeps the log, and writes no image; --no-build refuses to
// build at all.
func TestPyBuildFails(t *testing.T) {
	t.Parallel()
	requirePyko(t)
	idx, reqs := sdistWorld(t, brokenSdist)
	repo := wolfiClone(t)
	proj := sdistProject(t, reqs, "import broken\n")
	cache := wolfiCache(t)
	out := filepath.Join(t.TempDir(), "oci")
	r := runPyko(t, cache, wolfiBuildArgs(proj, repo, wolfiKeyFile(repo), "--index-url", idx.IndexURL(), "-o", "oci:"+out+":app")...)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"building broken==1.0 from broken-1.0.tar.gz", "line 99", "the build of broken fails on purpose", "the whole log: "} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "line 50\n") {
		t.Errorf("stderr shows more than the last lines:\n%s", r.stderr)
	}
	log := r.stderr[strings.LastIndex(r.stderr, "the whole log: ")+len("the whole log: "):]
	log = strings.TrimSpace(strings.SplitN(log, "\n", 2)[0])
	if data, err := os.ReadFile(log); err != nil || !strings.Contains(string(data), "line 0\n") {
		t.Errorf("the kept log %s: %v", log, err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a failed build left %s", out)
	}

	// A built wheel's requirements are checked once it is built.
	idx6, reqs6 := sdistWorld(t, needsixSdist)
	proj6 := sdistProject(t, reqs6, "import needsix\n")
	args6 := wolfiBuildArgs(proj6, repo, wolfiKeyFile(repo), "--index-url", idx6.IndexURL(), "-o", "oci:"+out+":app")
	r6 := runPyko(t, cache, args6...)
	if r6.code != 1 {
		t.Fatalf("a built wheel whose requirement is missing: exit %d\n%s", r6.code, r6.stderr)
	}
	checkErrorLine(t, r6.stderr, []string{"needsix==1.0 requires six>=1.10", "--no-deps"})
	if r := runPyko(t, cache, append(args6, "--no-deps")...); r.code != 0 {
		t.Errorf("--no-deps: exit %d\n%s", r.code, r.stderr)
	}

	nb := runPyko(t, cache, "plan", proj, "--repository", repo, "--keyring", wolfiKeyFile(repo), "--python", "3.11", "--index-url", idx.IndexURL(), "--no-build")
	if nb.code != 1 || !strings.Contains(nb.stderr, "broken 1.0: no wheel fits") || !strings.Contains(nb.stderr, "--no-build or --only-binary forbids building it") {
		t.Errorf("--no-build: exit %d\n%s", nb.code, nb.stderr)
	}
}

// TestPyBuildForeignArch: a package that must be built for another
// architecture than this machine's fails before any work, naming it, and
// pyko plan says it will be built.
func TestPyBuildForeignArch(t *testing.T) {
	t.Parallel()
	requirePyko(t)
	idx, reqs := sdistWorld(t, purelibSdist)
	repo := wolfiClone(t, "amd64", "arm64")
	proj := sdistProject(t, reqs, "import purelib\n")
	cache := wolfiCache(t)
	plan := runPyko(t, cache, "plan", proj, "--repository", repo, "--keyring", wolfiKeyFile(repo), "--python", "3.11",
		"--index-url", idx.IndexURL(), "--platform", "linux/arm64")
	if plan.code != 0 || !strings.Contains(plan.stdout, "built from purelib-1.0.tar.gz") {
		t.Fatalf("pyko plan: exit %d\n%s\n%s", plan.code, plan.stdout, plan.stderr)
	}
	out := filepath.Join(t.TempDir(), "oci")
	r := runPyko(t, cache, wolfiBuildArgs(proj, repo, wolfiKeyFile(repo), "--index-url", idx.IndexURL(), "--platform", "linux/arm64", "-o", "oci:"+out+":app")...)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s", r.code, r.stderr)
	}
	checkErrorLine(t, r.stderr, []string{"purelib==1.0", "aarch64", "wheel"})
	if strings.Contains(r.stderr, "installing OS packages") || strings.Contains(r.stderr, "msg=downloaded url=/") {
		t.Errorf("work was done before the error:\n%s", r.stderr)
	}
}
