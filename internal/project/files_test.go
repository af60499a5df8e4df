package project

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
)

// appTree is a project with things the default ignores leave out.
var appTree = map[string]string{
	"main.py":                             "print('hi')",
	"pkg/__init__.py":                     "",
	"pkg/mod.py":                          "x = 1",
	"pkg/__pycache__/mod.cpython-312.pyc": "",
	"pkg/venv/__init__.py":                "", // a subpackage named venv is kept
	"pkg/.venv/bin/python":                "",
	"pkg/stale.pyc":                       "",
	"empty/":                              "",
	".git/HEAD":                           sha1,
	".venv/pyvenv.cfg":                    "",
	"venv/pyvenv.cfg":                     "",
	".pytest_cache/README.md":             "",
	".mypy_cache/x":                       "",
	".ruff_cache/x":                       "",
	".tox/x":                              "",
	".nox/x":                              "",
	".hg/x":                               "",
	".svn/x":                              "",
	"a.txt":                               "",
	"a/b.txt":                             "",
}

func TestFiles(t *testing.T) {
	tests := []struct {
		name         string
		tree         map[string]string
		dockerignore string // written when not ""
		want         []string
		wantErr      string
	}{{
		name: "default ignores, sorted",
		tree: appTree,
		want: []string{"a", "a.txt", "a/b.txt", "empty", "main.py",
			"pkg", "pkg/__init__.py", "pkg/mod.py", "pkg/venv", "pkg/venv/__init__.py"},
	}, {
		name: "comments, leading slash, double star",
		tree: map[string]string{
			"main.py": "", "tests/test_x.py": "", "src/app/tests/test_y.py": "", "src/app/core.py": "",
			"docs/a.md": "", "notes.md": "", "src/README.md": "", "#hash": "",
		},
		dockerignore: "# comment line\n/tests\n**/tests\n\n  **/*.md  \n",
		want:         []string{"#hash", ".dockerignore", "docs", "main.py", "src", "src/app", "src/app/core.py"},
	}, {
		name: "exception inside an excluded directory",
		tree: map[string]string{
			"main.py": "", "data/keep.txt": "", "data/big.bin": "", "data/sub/x": "",
			"build/a/b/keep": "", "build/a/b/drop": "", "build/c/x": "",
		},
		dockerignore: "data\n!data/keep.txt\nbuild\n!build/a/b/keep\n",
		want: []string{".dockerignore", "build", "build/a", "build/a/b", "build/a/b/keep",
			"data", "data/keep.txt", "main.py"},
	}, {
		name: "wildcard exception walks excluded directories",
		tree: map[string]string{
			"main.py": "", "docs/guide/intro.md": "", "docs/guide/img.png": "", "docs/logo.svg": "",
		},
		dockerignore: "docs\n!**/*.md\n",
		want:         []string{".dockerignore", "docs", "docs/guide", "docs/guide/intro.md", "main.py"},
	}, {
		name:         "last matching line wins",
		tree:         map[string]string{"keep.txt": "", "main.py": ""},
		dockerignore: "!keep.txt\n*\n!main.py\n",
		want:         []string{"main.py"},
	}, {
		name:         "exclude everything but src",
		tree:         map[string]string{"src/app.py": "", "other/x": "", "setup.cfg": ""},
		dockerignore: "*\n!src\n",
		want:         []string{"src", "src/app.py"},
	}, {
		name:         "re-including inside a default ignore",
		tree:         map[string]string{"main.py": "", ".venv/pyvenv.cfg": "", ".venv/lib/x.py": ""},
		dockerignore: "!.venv/pyvenv.cfg\n",
		want:         []string{".dockerignore", ".venv", ".venv/pyvenv.cfg", "main.py"},
	}, {
		name:         "bad pattern",
		tree:         map[string]string{"main.py": ""},
		dockerignore: "ok\n[z-a\n",
		wantErr:      `.dockerignore: pattern "[z-a": syntax error in pattern`,
	}, {
		name:         "lone exclamation mark",
		tree:         map[string]string{"main.py": ""},
		dockerignore: "!\n",
		wantErr:      `.dockerignore: pattern "!"`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, tt.tree)
			if tt.dockerignore != "" {
				writeTree(t, dir, map[string]string{".dockerignore": tt.dockerignore})
			}
			files, err := (&Project{Dir: dir}).Files(context.Background())
			errorContains(t, err, tt.wantErr)
			if err != nil {
				return
			}
			if got := rels(files); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Files() =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestFilesEntries(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"main.py":    "print('hi')\n",
		"pkg/mod.py": "",
		"link.py":    "symlink:main.py",
		"abs":        "symlink:/etc/ssl/certs",
		"escape":     "symlink:../../outside",
		"dangling":   "symlink:nope",
		"pkgdir":     "symlink:pkg",
		"bin/run":    "#!/bin/sh\n",
	})
	// Fixed modes, whatever the umask.
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() || strings.HasSuffix(p, "/bin/run"):
			return os.Chmod(p, 0o755)
		case d.Type().IsRegular():
			return os.Chmod(p, 0o644)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	files, err := (&Project{Dir: dir}).Files(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]File{}
	for _, f := range files {
		got[f.Rel] = f
	}
	want := map[string]File{
		"main.py":    {Mode: 0o644, Size: 12},
		"bin":        {Mode: fs.ModeDir | 0o755},
		"bin/run":    {Mode: 0o755, Size: 10},
		"pkg":        {Mode: fs.ModeDir | 0o755},
		"pkg/mod.py": {Mode: 0o644},
		"link.py":    {Mode: fs.ModeSymlink | 0o777, Link: "main.py"},
		"abs":        {Mode: fs.ModeSymlink | 0o777, Link: "/etc/ssl/certs"},
		"escape":     {Mode: fs.ModeSymlink | 0o777, Link: "../../outside"},
		"dangling":   {Mode: fs.ModeSymlink | 0o777, Link: "nope"},
		"pkgdir":     {Mode: fs.ModeSymlink | 0o777, Link: "pkg"},
	}
	if len(got) != len(want) {
		t.Errorf("Files() = %q, want %d entries (symlinked directories not followed)", rels(files), len(want))
	}
	for rel, w := range want {
		w.Rel, w.Abs = rel, filepath.Join(dir, filepath.FromSlash(rel))
		if g, ok := got[rel]; !ok || g != w {
			t.Errorf("entry %s = %+v, want %+v", rel, g, w)
		}
	}
}

func TestFilesSpecial(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"main.py": ""})
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("making a fifo: %v", err)
	}
	p := &Project{Dir: dir}
	_, err := p.Files(context.Background())
	errorContains(t, err, fifo+" is a named pipe, which an image cannot hold: remove it or add it to .dockerignore")

	writeTree(t, dir, map[string]string{".dockerignore": "pipe\n"})
	if _, err := p.Files(context.Background()); err != nil {
		t.Errorf("Files() with the fifo ignored: %v", err)
	}
}

func TestFilesUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can read any file")
	}
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"secret.py": "", "locked/x": ""})
	for _, name := range []string{"secret.py", "locked"} {
		p := filepath.Join(dir, name)
		if err := os.Chmod(p, 0); err != nil {
			t.Fatal(err)
		}
		_, err := (&Project{Dir: dir}).Files(context.Background())
		errorContains(t, err, p)
		if err := os.Chmod(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFilesCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (&Project{Dir: t.TempDir()}).Files(ctx); err != context.Canceled {
		t.Errorf("Files(canceled) = %v, want context.Canceled", err)
	}
}

func rels(files []File) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = f.Rel
	}
	return out
}
