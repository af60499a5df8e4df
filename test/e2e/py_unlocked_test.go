package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/testutil/pyindex"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// TestPyUnlocked builds examples/flask-requirements with dependencies
// that nothing pins — declared in pyproject.toml, or listed unpinned in
// requirements.txt with a constraints file: pyko resolves them from the
// index (flask's and requests' own dependencies included), says once that
// they are not locked, and podman runs the image as it runs the locked
// one; a second build from a fresh cache gives the same digest.
func TestPyUnlocked(t *testing.T) {
	t.Parallel()
	tools.Require(t, "skopeo")
	requirePyko(t)
	idx := pyindex.Serve(t, debWheelDir(t))
	repo := wolfiClone(t)
	for _, tc := range []struct {
		name  string
		files map[string]string
		extra []string
	}{
		{"pyproject", map[string]string{"pyproject.toml": `[project]
name = "flask-unlocked"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = ["Flask>=2", "requests", "chardet"]
`}, nil},
		{"pyproject extra and group", map[string]string{"pyproject.toml": `[project]
name = "flask-unlocked"
version = "0.1.0"
dependencies = ["Flask>=2"]
[project.optional-dependencies]
HTTP = ["requests"]
[dependency-groups]
prod = [{include-group = "encodings"}]
encodings = ["chardet"]
`}, []string{"--extra", "http", "--group", "prod"}},
		{"requirements.in", map[string]string{"requirements.in": "flask>=2\nrequests\nchardet\n"}, nil},
		{"requirements", map[string]string{
			"requirements.txt": "-c constraints.txt\nflask\nrequests[socks]; python_version < '3'\nrequests >= 2\nchardet\n",
			"constraints.txt":  "werkzeug<3\nnot-installed==1.0\n",
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			proj := copyExample(t, "flask-requirements")
			if err := os.Remove(filepath.Join(proj, "requirements.txt")); err != nil {
				t.Fatal(err)
			}
			for name, content := range tc.files {
				pyWriteFile(t, proj, name, content)
			}
			args := func(out string) []string {
				return append(wolfiBuildArgs(proj, repo, wolfiKeyFile(repo), "--index-url", idx.IndexURL(), "-o", "oci:"+out+":app"), tc.extra...)
			}
			out := filepath.Join(t.TempDir(), "oci")
			r := runPyko(t, wolfiCache(t), args(out)...)
			if r.code != 0 {
				t.Fatalf("exit %d; stderr:\n%s", r.code, r.stderr)
			}
			if n := strings.Count(r.stderr, "not locked"); n != 1 {
				t.Errorf("stderr says %d times that the dependencies are not locked, want once:\n%s", n, r.stderr)
			}
			checkFlaskImage(t, out)
			p := tools.NewPodman(t)
			got, err := podmanRun(t, p, out, "app", "localhost/flask-unlocked-"+strings.NewReplacer(" ", "-", ".", "-").Replace(tc.name)+":1", nil)
			if err != nil {
				t.Fatal(err)
			}
			checkOutput(t, got, "GET /hello: 200 <p>Hello, &lt;pyko&gt;!</p>", "markupsafe escape: markupsafe._speedups")
			if again := buildOK(t, wolfiCache(t), args(filepath.Join(t.TempDir(), "again"))...); again != lastLine(r.stdout) {
				t.Errorf("a second resolution from a fresh cache gave %s, the first %s", again, lastLine(r.stdout))
			}
		})
	}
}

// TestPyIncompleteLock: a hash-pinned requirements.txt that forgot click
// (which Flask requires) is an error naming it; with --no-deps it builds
// as it is.
func TestPyIncompleteLock(t *testing.T) {
	t.Parallel()
	requirePyko(t)
	whl := debWheelDir(t)
	ws := wheelsIn(t, whl)
	idx := pyindex.Serve(t, whl)
	repo := wolfiClone(t)
	proj := copyExample(t, "flask-requirements")
	var names []string
	for _, n := range flaskAndRequests {
		if n != "click" {
			names = append(names, n)
		}
	}
	pyWriteFile(t, proj, "requirements.txt", pinLines(t, ws, names...))
	out := filepath.Join(t.TempDir(), "out", "oci")
	args := wolfiBuildArgs(proj, repo, wolfiKeyFile(repo), "--index-url", idx.IndexURL(), "-o", "oci:"+out+":app")
	r := runPyko(t, wolfiCache(t), args...)
	checkFailedCleanly(t, r, out, []string{"flask 2.2.2 requires click>=8.0, which is not listed"})
	if !strings.Contains(r.stderr, "--no-deps") {
		t.Errorf("the error does not say how to go on:\n%s", r.stderr)
	}
	buildOK(t, wolfiCache(t), append(args, "--no-deps")...)
}

// TestPyLockWritesPylock: pyko lock on a project whose pyproject.toml
// declares unpinned dependencies writes pyko.lock and pylock.toml for
// both platforms; the build then reads pylock.toml (no "not locked"
// warning) and installs what the unlocked build resolved: the same venv
// layer. (The OS layers may differ — pyko.lock records the OS packages
// differently from an index read — and the app layer holds the new lock
// files.)
func TestPyLockWritesPylock(t *testing.T) {
	t.Parallel()
	requirePyko(t)
	idx := pyindex.Serve(t, debWheelDir(t))
	repo := wolfiClone(t)
	proj := copyExample(t, "flask-requirements")
	if err := os.Remove(filepath.Join(proj, "requirements.txt")); err != nil {
		t.Fatal(err)
	}
	pyWriteFile(t, proj, "pyproject.toml", "[project]\nname = \"flask-unlocked\"\nversion = \"0.1.0\"\ndependencies = [\"Flask>=2\", \"requests\", \"chardet\"]\n")
	env := wolfiCache(t)
	build := func(out string) result {
		return runPyko(t, env, wolfiBuildArgs(proj, repo, wolfiKeyFile(repo), "--index-url", idx.IndexURL(), "-o", "oci:"+out+":app")...)
	}
	unlockedOut, lockedOut := filepath.Join(t.TempDir(), "unlocked"), filepath.Join(t.TempDir(), "locked")
	refused := runPyko(t, env, append(wolfiBuildArgs(proj, repo, wolfiKeyFile(repo), "--index-url", idx.IndexURL(), "-o", "oci:"+filepath.Join(t.TempDir(), "refused", "oci")+":app"), "--locked")...)
	if refused.code != 1 || !strings.Contains(refused.stderr, "--locked: the Python dependencies in pyproject.toml are not all pinned: run pyko lock") {
		t.Errorf("--locked on an unlocked project: exit %d\n%s", refused.code, refused.stderr)
	}
	unlocked := build(unlockedOut)
	if unlocked.code != 0 {
		t.Fatalf("unlocked build: exit %d\n%s", unlocked.code, unlocked.stderr)
	}
	r := runPyko(t, env, wolfiLockArgs(proj, repo, wolfiKeyFile(repo), "--index-url", idx.IndexURL())...)
	if r.code != 0 {
		t.Fatalf("pyko lock: exit %d\n%s", r.code, r.stderr)
	}
	if want := filepath.Join(proj, "pyko.lock") + "\n" + filepath.Join(proj, "pylock.toml") + "\n"; r.stdout != want {
		t.Errorf("pyko lock printed %q, want %q", r.stdout, want)
	}
	b, err := os.ReadFile(filepath.Join(proj, "pylock.toml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`lock-version = "1.0"`, `name = "flask"`, `name = "click"`, `environments = ["platform_machine == 'x86_64'"]`, "hashes = { sha256 = "} {
		if !strings.Contains(string(b), want) {
			t.Errorf("pylock.toml lacks %s:\n%s", want, b)
		}
	}
	locked := build(lockedOut)
	if locked.code != 0 {
		t.Fatalf("locked build: exit %d\n%s", locked.code, locked.stderr)
	}
	if strings.Contains(locked.stderr, "not locked") || !strings.Contains(locked.stderr, "lockfile=pylock.toml") {
		t.Errorf("the build after pyko lock did not read pylock.toml:\n%s", locked.stderr)
	}
	ciArgs := func() []string {
		return append(wolfiBuildArgs(proj, repo, wolfiKeyFile(repo), "--index-url", idx.IndexURL(), "-o", "oci:"+filepath.Join(t.TempDir(), "ci")+":app"), "--locked")
	}
	buildOK(t, env, ciArgs()...)
	if !strings.Contains(string(b), "[tool.pyko]\nfrom = \"pyproject.toml\"") {
		t.Errorf("pylock.toml does not say what it was resolved from:\n%s", b)
	}

	// A dependency added to pyproject.toml makes the lock stale: --locked
	// refuses, a plain build resolves again, pyko lock updates it.
	pyWriteFile(t, proj, "pyproject.toml", "[project]\nname = \"flask-unlocked\"\nversion = \"0.1.0\"\ndependencies = [\"Flask>=2\", \"requests\", \"chardet\", \"six\"]\n")
	if r := runPyko(t, env, ciArgs()...); r.code != 1 || !strings.Contains(r.stderr, "--locked: pylock.toml is out of date: pyproject.toml changed") {
		t.Errorf("--locked with a stale pylock.toml: exit %d\n%s", r.code, r.stderr)
	}
	stale := build(filepath.Join(t.TempDir(), "stale"))
	if stale.code != 0 || !strings.Contains(stale.stderr, "pylock.toml is out of date") {
		t.Errorf("a build with a stale pylock.toml: exit %d\n%s", stale.code, stale.stderr)
	}
	if r := runPyko(t, env, wolfiLockArgs(proj, repo, wolfiKeyFile(repo), "--index-url", idx.IndexURL())...); r.code != 0 {
		t.Fatalf("pyko lock again: exit %d\n%s", r.code, r.stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(proj, "pylock.toml")); !strings.Contains(string(b), `name = "six"`) {
		t.Errorf("pyko lock did not add six:\n%s", b)
	}
	buildOK(t, env, ciArgs()...)
	a, b2 := layerDigests(t, unlockedOut, "app"), layerDigests(t, lockedOut, "app")
	if len(a) < 2 || len(b2) < 2 || a[len(a)-2] != b2[len(b2)-2] {
		t.Errorf("the venv layers differ: resolved in memory %v, from pylock.toml %v", a, b2)
	}
}
