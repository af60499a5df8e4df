package bytecode

import (
	"context"
	"os"
	"path/filepath"
	"testing"

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
		name, zipped := inZip(layer.Entry{Path: tt.path, Mode: 0o644}, stdlib, tag)
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

// TestWriteRoot: a root written with its stdlib zipped holds far fewer
// files, its interpreter runs, and it compiles the same pycs as the
// root it was written from.
func TestWriteRoot(t *testing.T) {
	from := rootfs(t, "amd64")
	es, err := layer.DirEntries(from)
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	if err := WriteRoot(context.Background(), root, es, "/usr/lib/python3.11", CacheTag("3.11")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "usr/lib/python311.zip")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "usr/lib/python3.11/json/__init__.py")); err == nil {
		t.Error("json/__init__.py is a file of the root, not in the zip")
	}
	groups := installed(t)
	want, err := compiler(t, from).Compile(context.Background(), groups)
	if err != nil {
		t.Fatal(err)
	}
	got, err := compiler(t, root).Compile(context.Background(), groups)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "files and zipped stdlib", digests(t, want), digests(t, got))
}
