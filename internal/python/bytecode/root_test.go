package bytecode

import (
	"archive/zip"
	"bytes"
	"context"
	"io/fs"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/testutil/debroot"

	"github.com/pyko-dev/pyko/internal/layer"
)

func TestInZip(t *testing.T) {
	const stdlib, tag = "usr/lib/python3.11", "cpython-311"
	for _, tt := range []struct {
		path, name string
		zipped     bool
	}{
		{"usr/lib/python3.11/json/__init__.py", "json/__init__.py", true},
		{"usr/lib/python3.11/json/__pycache__/__init__.cpython-311.pyc", "json/__init__.pyc", true},
		{"usr/lib/python3.11/__pycache__/abc.cpython-311.pyc", "abc.pyc", true},
		{"usr/lib/python3.11/__pycache__/abc.cpython-311.opt-1.pyc", "", true},
		{"usr/lib/python3.11/__pycache__/abc.cpython-312.pyc", "", true},
		{"usr/lib/python3.11/os.py", "", false},
		{"usr/lib/python3.11/lib-dynload/_json.cpython-311-x86_64-linux-gnu.so", "", false},
		{"usr/lib/python3.11/site-packages/pip/__init__.py", "", false},
		{"usr/lib/python3.11/lib2to3/Grammar.txt", "", false},
		{"usr/bin/python3.11", "", false},
	} {
		name, zipped := inZip(tt.path, stdlib, tag)
		if name != tt.name || zipped != tt.zipped {
			t.Errorf("inZip(%s) = %q, %v; want %q, %v", tt.path, name, zipped, tt.name, tt.zipped)
		}
	}
	for stdlib, want := range map[string]string{"usr/lib/python3.11": "usr/lib/python311.zip", "opt/py/lib/python3.13": "opt/py/lib/python313.zip", "usr/lib/python2.7": "", "python3.11": "", "usr/lib/python3.x": ""} {
		if got, _ := StdlibZip(stdlib); got != want {
			t.Errorf("StdlibZip(%s) = %q, want %q", stdlib, got, want)
		}
	}
}

// debianRoot is how the tests' Debian root is written.
var debianRoot = Root{Interpreter: debroot.Interpreter, Stdlib: "/usr/lib/python3.11", Tag: CacheTag("3.11")}

// TestWriteRoot: a root written from a Debian Python's files is slim
// (the standard library but encodings left out, no /usr/share, the
// encodings in the zip), its interpreter runs, and it compiles the same
// pycs as the root it was written from; with Sources, the standard
// library's modules are in the zip too.
func TestWriteRoot(t *testing.T) {
	from := rootfs(t, "amd64")
	es, err := layer.DirEntries(from)
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	if err := WriteRoot(context.Background(), root, es, debianRoot); err != nil {
		t.Fatal(err)
	}
	zipped := zipNames(t, filepath.Join(root, "usr/lib/python311.zip"))
	if !zipped["encodings/__init__.py"] || zipped["json/__init__.py"] {
		t.Errorf("the slim root's zip: encodings %v, json %v; want only encodings", zipped["encodings/__init__.py"], zipped["json/__init__.py"])
	}
	for _, gone := range []string{"usr/lib/python3.11/json/__init__.py", "usr/share", "usr/bin/pydoc3.11"} {
		if n := files(t, filepath.Join(root, gone)); n > 0 {
			t.Errorf("the slim root has %d files at %s", n, gone)
		}
	}
	if all, slim := files(t, from), files(t, root); slim*3 > all {
		t.Errorf("the slim root has %d of the %d files", slim, all)
	}
	sameAsFrom(t, "files and a slim root", from, root)

	withSources := debianRoot
	withSources.Sources = true
	root = t.TempDir()
	if err := WriteRoot(context.Background(), root, es, withSources); err != nil {
		t.Fatal(err)
	}
	if zipped := zipNames(t, filepath.Join(root, "usr/lib/python311.zip")); !zipped["json/__init__.py"] {
		t.Error("a root with Sources has no json/__init__.py in its zip")
	}
}

// TestWriteRootWhole: an interpreter that is a link to a file a slim
// root leaves out does not load in the slim root, which is then written
// whole, and compiles.
func TestWriteRootWhole(t *testing.T) {
	from := rootfs(t, "amd64")
	es, err := layer.DirEntries(from)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range es {
		if e.Path == strings.TrimPrefix(debroot.Interpreter, "/") {
			es[i].Path = "opt/python/bin/python3.11"
		}
	}
	es = append(es, layer.Entry{Path: "opt/python/bin", Mode: fs.ModeDir | 0o755}, layer.Entry{Path: "opt/python", Mode: fs.ModeDir | 0o755},
		layer.Entry{Path: "opt", Mode: fs.ModeDir | 0o755},
		layer.Entry{Path: strings.TrimPrefix(debroot.Interpreter, "/"), Mode: fs.ModeSymlink | 0o777, Link: "/opt/python/bin/python3.11"})
	var logged bytes.Buffer
	r := debianRoot
	r.Log = slog.New(slog.NewTextHandler(&logged, nil))
	root := t.TempDir()
	if err := WriteRoot(context.Background(), root, es, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logged.String(), "writing every file") {
		t.Errorf("no word of the whole root: %q", logged.String())
	}
	if n := files(t, filepath.Join(root, "usr/share")); n == 0 {
		t.Error("the whole root has no /usr/share")
	}
	if _, err := compiler(t, root).Compile(context.Background(), installed(t)); err != nil {
		t.Fatal(err)
	}
}

// sameAsFrom compiles the debwheels set with the interpreter of the
// root from and of root: the same pycs.
func sameAsFrom(t *testing.T, what, from, root string) {
	t.Helper()
	groups := installed(t)
	want, err := compiler(t, from).Compile(context.Background(), groups)
	if err != nil {
		t.Fatal(err)
	}
	got, err := compiler(t, root).Compile(context.Background(), groups)
	if err != nil {
		t.Fatal(err)
	}
	same(t, what, digests(t, want), digests(t, got))
}

// files counts the regular files under p.
func files(t *testing.T, p string) int {
	t.Helper()
	n := 0
	filepath.WalkDir(p, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			n++
		}
		return nil
	})
	return n
}

// zipNames are the names in the zip at p.
func zipNames(t *testing.T, p string) map[string]bool {
	t.Helper()
	zr, err := zip.OpenReader(p)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := map[string]bool{}
	for _, f := range zr.File {
		out[f.Name] = true
	}
	return out
}
