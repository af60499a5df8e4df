package e2e

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// setupPy is a setuptools project of one module that says what it is.
func setupPy(name, says string) map[string]string {
	return map[string]string{
		"setup.py":   fmt.Sprintf("from setuptools import setup\nsetup(name=%q, version='1.0', py_modules=[%q])\n", name, name),
		name + ".py": fmt.Sprintf("SAYS = %q\n", says),
	}
}

// gitRepo makes a repository in dir with the files of says, tagged v1,
// then moves the tag to a second commit that says something else. It
// returns the first commit: the one a lock pins.
func gitRepo(t *testing.T, dir, name, says string) string {
	t.Helper()
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	first := gitCommit(t, repo, dir, setupPy(name, says))
	if _, err := repo.CreateTag("v1", plumbing.NewHash(first), nil); err != nil {
		t.Fatal(err)
	}
	second := gitCommit(t, repo, dir, setupPy(name, "moved on"))
	if err := repo.DeleteTag("v1"); err != nil {
		t.Fatal(err)
	}
	if _, err := repo.CreateTag("v1", plumbing.NewHash(second), nil); err != nil {
		t.Fatal(err)
	}
	return first
}

func gitCommit(t *testing.T, repo *git.Repository, dir string, files map[string]string) string {
	t.Helper()
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range files {
		pyWriteFile(t, dir, name, content)
		if _, err := wt.Add(name); err != nil {
			t.Fatal(err)
		}
	}
	h, err := wt.Commit("pyko test", &git.CommitOptions{Author: &object.Signature{Name: "pyko", Email: "pyko@example.com", When: time.Unix(1700000000, 0)}})
	if err != nil {
		t.Fatal(err)
	}
	return h.String()
}

// gitDaemon serves base's repositories over git:// on loopback.
func gitDaemon(t *testing.T, base string) string {
	t.Helper()
	tools.Require(t, "git")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, "git", "daemon", "--export-all", "--reuseaddr", "--listen=127.0.0.1",
		fmt.Sprintf("--port=%d", port), "--base-path="+base, base)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); _ = cmd.Wait() })
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	for i := 0; i < 100; i++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return "git://" + addr
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("git daemon did not listen on %s", addr)
	return ""
}

// TestPyBuildLocalAndGit builds a path dependency and git dependencies
// (file:// and git://, each pinned to a commit whose tag has since moved)
// and runs them in the image.
func TestPyBuildLocalAndGit(t *testing.T) {
	t.Parallel()
	tools.Require(t, "skopeo")
	requirePyko(t)
	idx, _ := sdistWorld(t)
	repo := wolfiClone(t)
	repos := t.TempDir()
	fileCommit := gitRepo(t, filepath.Join(repos, "filedep"), "filedep", "from file://")
	daemonCommit := gitRepo(t, filepath.Join(repos, "daemondep"), "daemondep", "from git://")
	daemon := gitDaemon(t, repos)

	proj := t.TempDir()
	lib := filepath.Join(proj, "libs", "localdep")
	if err := os.MkdirAll(lib, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range setupPy("localdep", "from a directory") {
		pyWriteFile(t, lib, name, content)
	}
	reqs := []string{
		"localdep @ ./libs/localdep",
		fmt.Sprintf("filedep @ git+file://%s@%s", filepath.Join(repos, "filedep"), fileCommit),
		fmt.Sprintf("daemondep @ git+%s/daemondep@%s", daemon, daemonCommit),
	}
	pyWriteFile(t, proj, "pyproject.toml", "[project]\nname = \"srcapp\"\nversion = \"0.1.0\"\nrequires-python = \">=3.11\"\n")
	pyWriteFile(t, proj, "requirements.txt", strings.Join(reqs, "\n")+"\n")
	pyWriteFile(t, proj, "main.py", "import localdep, filedep, daemondep\nfor m in (localdep, filedep, daemondep):\n    print(m.__name__, m.SAYS)\n")

	cache := wolfiCache(t)
	args := func(out string) []string {
		return wolfiBuildArgs(proj, repo, wolfiKeyFile(repo), "--index-url", idx.IndexURL(), "-o", "oci:"+out+":app")
	}
	plan := runPyko(t, cache, "plan", proj, "--repository", repo, "--keyring", wolfiKeyFile(repo), "--python", "3.11", "--index-url", idx.IndexURL())
	if plan.code != 0 {
		t.Fatalf("pyko plan: exit %d\n%s", plan.code, plan.stderr)
	}
	for _, want := range []string{"built from the directory libs/localdep", "built from git file://", "@" + fileCommit, daemon + "/daemondep@" + daemonCommit} {
		if !strings.Contains(plan.stdout, want) {
			t.Errorf("pyko plan lacks %q:\n%s", want, plan.stdout)
		}
	}
	out := filepath.Join(t.TempDir(), "oci")
	digest := buildOK(t, cache, args(out)...)
	got, err := podmanRun(t, tools.NewPodman(t), out, "app", "localhost/pyko-srcdeps:1", nil)
	if err != nil {
		t.Fatal(err)
	}
	checkOutput(t, got, "localdep from a directory", "filedep from file://", "daemondep from git://")
	if strings.Contains(got, "moved on") {
		t.Errorf("a moved tag was built instead of the locked commit:\n%s", got)
	}
	again := runPyko(t, cache, args(filepath.Join(t.TempDir(), "again"))...)
	if again.code != 0 || lastLine(again.stdout) != digest {
		t.Fatalf("second build: exit %d, digest %s, want %s\n%s", again.code, lastLine(again.stdout), digest, again.stderr)
	}
	// Its layers come from the cache of finished layers: no wheel is
	// needed, built or from the cache.
	if n := strings.Count(again.stderr, "built wheel from cache"); n != 0 || strings.Contains(again.stderr, `msg="built from source"`) {
		t.Errorf("second build: %d wheels from the cache of built wheels, want none, and nothing built\n%s", n, again.stderr)
	}

	// A changed file of the path dependency is built again.
	pyWriteFile(t, lib, "localdep.py", "SAYS = 'changed'\n")
	changed := runPyko(t, cache, args(filepath.Join(t.TempDir(), "changed"))...)
	if changed.code != 0 || lastLine(changed.stdout) == digest || !strings.Contains(changed.stderr, `msg="built from source" package=localdep `) {
		t.Errorf("after editing the path dependency: exit %d, digest %s (was %s)\n%s", changed.code, lastLine(changed.stdout), digest, changed.stderr)
	}
	// The build root came from the cache of build roots.
	if strings.Contains(changed.stderr, "installing the build root") {
		t.Errorf("the build root was installed again:\n%s", changed.stderr)
	}
}

// TestPyBuildCompiledProject: a project with a C extension of its own is
// built as a wheel into the venv; its flat-layout package is not copied
// into /app, where it would shadow the installed one.
func TestPyBuildCompiledProject(t *testing.T) {
	t.Parallel()
	tools.Require(t, "skopeo")
	requirePyko(t)
	idx, _ := sdistWorld(t)
	repo := wolfiClone(t)
	proj := t.TempDir()
	if err := os.MkdirAll(filepath.Join(proj, "fastpkg"), 0o755); err != nil {
		t.Fatal(err)
	}
	pyWriteFile(t, proj, "pyproject.toml", "[project]\nname = \"fastpkg\"\nversion = \"0.2.0\"\nrequires-python = \">=3.11\"\n\n"+
		"[project.scripts]\nfast = \"fastpkg:main\"\n\n[build-system]\nrequires = [\"setuptools>=61\"]\nbuild-backend = \"setuptools.build_meta\"\n")
	pyWriteFile(t, proj, "setup.py", "from setuptools import setup, Extension\nsetup(packages=['fastpkg'], ext_modules=[Extension('fastpkg._speed', ['fastpkg/_speed.c'])])\n")
	pyWriteFile(t, proj, "fastpkg/__init__.py", "from fastpkg._speed import answer\n\ndef main():\n    print('fast says', answer(), __file__)\n")
	pyWriteFile(t, proj, "fastpkg/_speed.c", `#include <Python.h>
static PyObject *answer(PyObject *self, PyObject *args) { return PyLong_FromLong(42); }
static PyMethodDef methods[] = {{"answer", answer, METH_NOARGS, ""}, {0}};
static struct PyModuleDef mod = {PyModuleDef_HEAD_INIT, "_speed", 0, -1, methods};
PyMODINIT_FUNC PyInit__speed(void) { return PyModule_Create(&mod); }
`)
	pyWriteFile(t, proj, "main.py", "import fastpkg\nfastpkg.main()\n")
	out := filepath.Join(t.TempDir(), "oci")
	r := runPyko(t, wolfiCache(t), wolfiBuildArgs(proj, repo, wolfiKeyFile(repo), "--index-url", idx.IndexURL(), "-o", "oci:"+out+":app")...)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, `msg="built from source" package="fastpkg==0.2.0"`) {
		t.Errorf("the project was not built:\n%s", r.stderr)
	}
	p := tools.NewPodman(t)
	got, err := podmanRun(t, p, out, "app", "localhost/pyko-compiled:1", nil)
	if err != nil {
		t.Fatal(err)
	}
	checkOutput(t, got, "fast says 42 /app/venv/lib/python3.11/site-packages/fastpkg/__init__.py")
	got, err = podmanRun(t, p, out, "app", "localhost/pyko-compiled:1", []string{"--entrypoint", "/app/venv/bin/fast"})
	if err != nil {
		t.Fatal(err)
	}
	checkOutput(t, got, "fast says 42")
}
