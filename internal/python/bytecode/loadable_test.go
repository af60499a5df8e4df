package bytecode

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/testutil/debroot"
)

// TestLoadable: Debian's python3.11 loads in its root and in a slim one,
// through /lib64's absolute link to the loader and libz's link;
// without libz, or without its loader, it does not, and the error says
// what is missing.
func TestLoadable(t *testing.T) {
	from := rootfs(t, "amd64")
	if err := Loadable(from, debroot.Interpreter); err != nil {
		t.Fatal(err)
	}
	es, err := layer.DirEntries(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ remove, want string }{
		{"", ""},
		{"lib/x86_64-linux-gnu/libz.so.1.2.13", "needs libz.so.1: not found"},
		{"lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", "loader /lib64/ld-linux-x86-64.so.2"},
		{"usr/bin/python3.11", "python3.11"},
	} {
		root := t.TempDir()
		if err := debianRoot.write(context.Background(), root, slimOf(es), nil); err != nil {
			t.Fatal(err)
		}
		if tt.remove != "" {
			if err := os.Remove(filepath.Join(root, tt.remove)); err != nil {
				t.Fatal(err)
			}
		}
		err := Loadable(root, debroot.Interpreter)
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("without %q: %v, want %q", tt.remove, err, tt.want)
		}
	}
}

func slimOf(es []layer.Entry) []layer.Entry {
	var out []layer.Entry
	for _, e := range es {
		if debianRoot.keeps(e.Path, kindOf(e.Mode)) {
			out = append(out, e)
		}
	}
	return out
}

// TestResolve: links resolve inside the root, an absolute target and ".."
// stopping at the root; a loop is an error.
func TestResolve(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"usr/lib/x", "etc"} {
		os.MkdirAll(filepath.Join(root, d), 0o755)
	}
	os.WriteFile(filepath.Join(root, "usr/lib/x/libz.so.1.2"), nil, 0o644)
	links := map[string]string{
		"lib":                 "usr/lib",
		"usr/lib/x/libz.so.1": "libz.so.1.2",
		"usr/lib/abs":         "/usr/lib/x/libz.so.1",
		"usr/lib/up":          "../../../../usr/lib/x",
		"etc/loop":            "loop2",
		"etc/loop2":           "/etc/loop",
	}
	for l, target := range links {
		if err := os.Symlink(target, filepath.Join(root, l)); err != nil {
			t.Fatal(err)
		}
	}
	l := loader{root: root}
	for _, tt := range []struct{ in, want string }{
		{"/lib/x/libz.so.1", "usr/lib/x/libz.so.1.2"},
		{"usr/lib/abs", "usr/lib/x/libz.so.1.2"},
		{"/usr/lib/up/libz.so.1", "usr/lib/x/libz.so.1.2"},
		{"/../../lib/x", "usr/lib/x"},
		{"etc/loop", ""},
		{"etc/none", ""},
	} {
		got, err := l.resolve(tt.in)
		if got != tt.want || (err != nil) != (tt.want == "") {
			t.Errorf("resolve(%s) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

// TestKeeps: what a slim root keeps of an image.
func TestKeeps(t *testing.T) {
	for _, tt := range []struct {
		path    string
		keep    bool
		sources bool
	}{
		{"usr/bin/python3.11", true, false},
		{"usr/bin/perl", false, false},
		{"lib/x86_64-linux-gnu/libc.so.6", true, false},
		{"usr/lib/x86_64-linux-gnu/gconv/UTF-16.so", false, false},
		{"usr/local/lib/libpython3.12.so.1.0", true, false},
		{"lib64/ld-linux-x86-64.so.2", true, false},
		{"etc/ld.so.cache", true, false},
		{"etc/ld.so.conf.d/libc.conf", true, false},
		{"etc/passwd", false, false},
		{"usr/share/doc/python3.11/copyright", false, false},
		{"usr/lib/python3.11/os.py", true, false},
		{"usr/lib/python3.11/encodings/cp1252.py", true, false},
		{"usr/lib/python3.11/lib-dynload/_codecs_jp.cpython-311-x86_64-linux-gnu.so", true, false},
		{"usr/lib/python3.11/json/__init__.py", false, false},
		{"usr/lib/python3.11/json/__init__.py", true, true},
		{"usr/lib/python3.11/json/__pycache__/__init__.cpython-311.pyc", true, true},
		{"usr/lib/python3.11/lib2to3/Grammar.txt", false, true},
		{"usr/lib/python3.11/site-packages/pip/__init__.py", false, true},
		{"usr/lib/python3/dist-packages/apt_pkg.so", false, false},
	} {
		r := debianRoot
		r.Sources = tt.sources
		if got := r.keeps(tt.path, regular); got != tt.keep {
			t.Errorf("keeps(%s) with sources %v = %v, want %v", tt.path, tt.sources, got, tt.keep)
		}
	}
	for _, tt := range []struct {
		path string
		kind kind
		keep bool
	}{
		{"usr", directory, true},
		{"usr/share/doc", directory, false},
		{"usr/lib/python3.11", directory, false},
		{"lib", symlink, true},
		{"usr/lib64", symlink, true},
		{"lib/x86_64-linux-gnu/libz.so.1", symlink, true},
		{"lib64/ld-linux-x86-64.so.2", symlink, true},
		{"usr/bin/python3", symlink, false},
		{"etc/alternatives/pager", symlink, false},
	} {
		if got := debianRoot.keeps(tt.path, tt.kind); got != tt.keep {
			t.Errorf("keeps(%s, %d) = %v, want %v", tt.path, tt.kind, got, tt.keep)
		}
	}
	for p, want := range map[string]bool{
		"usr/local/bin/python3.12":                     true,
		"usr/bin/python3":                              false,
		"opt/py/bin/python3.13":                        true,
		"usr/local/lib/python3.12/os.py":               true,
		"usr/local/lib/python3.12/json/__init__.py":    true,
		"usr/local/lib/python3.12/lib2to3/Grammar.txt": false,
		"usr/lib/python3/dist-packages/six.py":         false,
		"usr/share/doc/x":                              false,
	} {
		if got := AnyPython(nil).keeps(p, regular); got != want {
			t.Errorf("AnyPython keeps(%s) = %v, want %v", p, got, want)
		}
	}
}
