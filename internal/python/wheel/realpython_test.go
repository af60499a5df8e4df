package wheel

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/python/venv"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// TestRealPython lays a venv skeleton and an installed wheel out on disk
// and lets the host's CPython judge them: the package imports, its
// metadata is found, and its console script and a rewritten "#!python"
// script run.
func TestRealPython(t *testing.T) {
	interp, version := hostPython(t)
	root := t.TempDir()
	prefix := filepath.Join(root, "app", "venv")
	l := Layout{Prefix: prefix, PythonVersion: minorOf(version), Interpreter: prefix + "/bin/python"}
	wheelPath := writeWheel(t, t.TempDir(), testWheel{
		version: "1.2.3",
		files: map[string]string{
			"mypkg/__init__.py":                      "def main():\n    import sys\n    print('hello from mypkg', sys.argv[1:])\n    return 3\n",
			"mypkg-1.2.3.dist-info/entry_points.txt": "[console_scripts]\nmypkg-hello = mypkg:main\n",
			"mypkg-1.2.3.data/scripts/where":         "#!python\nimport sys\nprint(sys.prefix)\n",
		},
	})
	got, err := Install(context.Background(), wheelPath, l)
	if err != nil {
		t.Fatal(err)
	}
	spec := venv.Spec{Prefix: prefix, Interpreter: interp, Version: version}
	if err := spec.Validate(); err != nil {
		t.Fatal(err)
	}
	materialize(t, root, append(venv.Entries(spec), got.Entries...))

	out := run(t, 0, prefix+"/bin/python", "-c", "import mypkg, importlib.metadata as m; print(m.version('mypkg'), m.distribution('mypkg').read_text('INSTALLER').strip())")
	if out != "1.2.3 pyko\n" {
		t.Errorf("version and installer: %q", out)
	}
	if out := run(t, 3, prefix+"/bin/mypkg-hello", "a", "b"); out != "hello from mypkg ['a', 'b']\n" {
		t.Errorf("console script printed %q", out)
	}
	if out := run(t, 0, prefix+"/bin/where"); out != prefix+"\n" {
		t.Errorf("#!python script ran with sys.prefix %q, want %q", out, prefix)
	}
	// pip's own view: RECORD lists exactly the installed files.
	out = run(t, 0, prefix+"/bin/python", "-c", "import importlib.metadata as m\nfor f in sorted(str(f) for f in m.files('mypkg')): print(f)")
	if !strings.Contains(out, "../../../bin/mypkg-hello\n") || !strings.Contains(out, "mypkg/__init__.py\n") {
		t.Errorf("importlib.metadata files:\n%s", out)
	}
}

// hostPython returns the host interpreter's real path and full version,
// asking the interpreter itself (a pyenv shim is a shell script).
func hostPython(t *testing.T) (string, string) {
	t.Helper()
	tools.Require(t, "python3")
	py, _ := exec.LookPath("python3")
	out, err := exec.Command(py, "-c", "import os, sys, platform; print(os.path.realpath(sys.executable)); print(platform.python_version())").Output()
	if err != nil {
		t.Fatalf("python3 does not run: %v", err)
	}
	lines := strings.Fields(string(out))
	if len(lines) != 2 {
		t.Fatalf("python3 said %q", out)
	}
	return lines[0], lines[1]
}

func minorOf(v string) string {
	parts := strings.SplitN(v, ".", 3)
	return parts[0] + "." + parts[1]
}

func run(t *testing.T, wantCode int, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "PYTHONNOUSERSITE=1", "PYTHONDONTWRITEBYTECODE=1")
	out, err := cmd.Output()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
		out = append(out, ee.Stderr...)
	} else if err != nil {
		t.Fatalf("running %s: %v", name, err)
	}
	if code != wantCode {
		t.Fatalf("%s exited %d, want %d:\n%s", name, code, wantCode, out)
	}
	return string(out)
}

// materialize writes entries, whose paths are relative to "/", to disk;
// every path must fall under root, which the test owns.
func materialize(t *testing.T, root string, entries []layer.Entry) {
	t.Helper()
	for _, e := range entries {
		p := filepath.Join("/", e.Path)
		if !strings.HasPrefix(p, root+"/") {
			t.Fatalf("entry %s lands outside %s", e.Path, root)
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := writeEntry(p, e); err != nil {
			t.Fatalf("materializing %s: %v", e.Path, err)
		}
	}
}

func writeEntry(p string, e layer.Entry) error {
	switch {
	case e.Mode.IsDir():
		return os.MkdirAll(p, e.Mode.Perm())
	case e.Mode&fs.ModeSymlink != 0:
		return os.Symlink(e.Link, p)
	}
	rc, err := e.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	f, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY, e.Mode.Perm())
	if err != nil {
		return err
	}
	defer f.Close()
	if n, err := io.CopyN(f, rc, e.Size); err != nil {
		return fmt.Errorf("after %d bytes: %w", n, err)
	}
	return f.Close()
}
