package debwheels

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pyko-dev/pyko/internal/testutil/debroot"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// python returns the host's CPython 3.11, the version the compiled wheels
// are for, resolved past wrappers such as pyenv's shims, which cost a
// second per call.
func python(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("python3.11")
	if err != nil {
		tools.Unavailable(t, "needs python3.11 on PATH (Debian's python3)")
	}
	out, err := exec.Command(p, "-c", "import sys; print(sys.executable)").Output()
	if err != nil {
		t.Fatalf("running %s: %v", p, err)
	}
	return strings.TrimSpace(string(out))
}

// run runs name with args and returns its standard output, failing the test
// with the combined output on error.
func run(t *testing.T, ctx context.Context, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = env
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, out, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Logf("%s %s wrote to stderr:\n%s", filepath.Base(name), args[0], stderr.String())
	}
	return string(out)
}

// debSitePackages returns the dist-packages directory of the Debian package
// pkg, downloaded with the cache's private apt state and kept unpacked in
// the cache for the next run.
func debSitePackages(t *testing.T, ctx context.Context, pkg string) string {
	t.Helper()
	cache, err := debroot.DefaultCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(cache, "debwheels")
	final := filepath.Join(base, "test-tools", "amd64-"+pkg)
	site := filepath.Join(final, sitePackages)
	if isDir(site) {
		return site
	}
	unlock, err := debroot.Lock(ctx, filepath.Join(base, "amd64.lock"))
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	if isDir(site) {
		return site
	}
	tmp := t.TempDir()
	if err := debroot.Download(ctx, filepath.Join(base, "apt-amd64"), "amd64", tmp, []string{pkg}); err != nil {
		t.Fatal(err)
	}
	debs, err := filepath.Glob(filepath.Join(tmp, "*.deb"))
	if err != nil || len(debs) != 1 {
		t.Fatalf("downloading %s: got %v, %v", pkg, debs, err)
	}
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		t.Fatal(err)
	}
	root, err := os.MkdirTemp(filepath.Dir(final), ".tmp-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(root)
	if _, err := dpkgDeb(ctx, "-x", debs[0], root); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(root, final); err != nil {
		t.Fatal(err)
	}
	return site
}

// installScript installs the wheels named by its arguments into the running
// interpreter's environment with pypa/installer's API, as
// `python -m installer --no-compile-bytecode WHEEL` does for one wheel, in
// one process for all.
const installScript = `import sys, sysconfig
from installer import install
from installer.destinations import SchemeDictionaryDestination
from installer.sources import WheelFile
from installer.utils import get_launcher_kind

paths = sysconfig.get_paths()
scheme = {k: paths[k] for k in ("purelib", "platlib", "scripts", "data")}
scheme["headers"] = paths["include"]
dest = SchemeDictionaryDestination(scheme, interpreter=sys.executable, script_kind=get_launcher_kind())
for wheel in sys.argv[1:]:
    with WheelFile.open(wheel) as source:
        install(source, dest, {"INSTALLER": b"debwheels-test\n"})
`

// TestWheelsInstall installs every wheel into a fresh venv with pypa's
// installer (Debian's python3-installer) and runs the result.
func TestWheelsInstall(t *testing.T) {
	dir := wheelDir(t)
	py := python(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	installer := debSitePackages(t, ctx, "python3-installer")
	venv := filepath.Join(t.TempDir(), "venv")
	env := os.Environ()
	run(t, ctx, env, py, "-m", "venv", "--without-pip", venv)
	vpy := filepath.Join(venv, "bin", "python")
	wheels, err := filepath.Glob(filepath.Join(dir, "*.whl"))
	if err != nil || len(wheels) == 0 {
		t.Fatalf("no wheels in %s: %v", dir, err)
	}
	start := time.Now()
	run(t, ctx, append(env, "PYTHONPATH="+installer), vpy, append([]string{"-c", installScript}, wheels...)...)
	t.Logf("installed %d wheels in %v", len(wheels), time.Since(start))

	// -I: only the venv, no PYTHONPATH or user site; -W error: no warning
	// (such as requests' RequestsDependencyWarning) goes unnoticed.
	got := run(t, ctx, env, vpy, "-I", "-W", "error", "-c",
		`import flask, requests, markupsafe, gunicorn, pkg_resources
from markupsafe import _speedups
print(flask.__version__, markupsafe.escape.__module__)`)
	flask := readWheel(t, globOne(t, dir, "flask-*.whl"))
	if want := flask.version + " markupsafe._speedups\n"; got != want {
		t.Errorf("the venv printed %q, want %q (Flask's version, MarkupSafe's C speedups)", got, want)
	}
	gunicorn := readWheel(t, globOne(t, dir, "gunicorn-*.whl"))
	if got := run(t, ctx, env, filepath.Join(venv, "bin", "gunicorn"), "--version"); !strings.Contains(got, gunicorn.version) {
		t.Errorf("gunicorn --version printed %q, want %s", got, gunicorn.version)
	}
	if got := run(t, ctx, env, filepath.Join(venv, "bin", "flask"), "--version"); !strings.Contains(got, "Flask "+flask.version) {
		t.Errorf("flask --version printed %q, want Flask %s", got, flask.version)
	}
}

func globOne(t *testing.T, dir, pattern string) string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, pattern))
	if err != nil || len(m) != 1 {
		t.Fatalf("want one %s in %s, got %v, %v", pattern, dir, m, err)
	}
	return m[0]
}
