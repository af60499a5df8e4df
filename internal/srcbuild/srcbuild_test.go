package srcbuild

import (
	"archive/zip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep508"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

func TestCheckName(t *testing.T) {
	w := plan.Wheel{Name: "zope-interface", Version: "5.4.0"}
	for file, want := range map[string]string{
		"zope.interface-5.4.0-cp311-cp311-linux_x86_64.whl": "",
		"zope_interface-5.4-py3-none-any.whl":               "",
		"other-5.4.0-py3-none-any.whl":                      "not zope-interface",
		"zope_interface-5.5.0-py3-none-any.whl":             "version 5.5.0",
		"zope_interface-5.4.0.tar.gz":                       "not a wheel",
	} {
		err := checkName(file, w)
		if (want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), want)) {
			t.Errorf("checkName(%q) = %v, want %q", file, err, want)
		}
	}
	if err := checkName("gitdep-0.3-py3-none-any.whl", plan.Wheel{Name: "gitdep"}); err != nil {
		t.Errorf("a wheel of unknown version: %v", err)
	}
}

func TestSatisfied(t *testing.T) {
	env := pep508.LinuxCPython("3.11.2", "x86_64")
	pkgs := []lock.Package{{Name: "setuptools", Version: "66.1.1"}, {Name: "wheel", Version: "0.38.4"}}
	req := func(s string) pep508.Requirement {
		r, err := pep508.ParseRequirement(s)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	for s, want := range map[string]bool{
		"wheel":                           true,
		"setuptools>=40.8":                true,
		"setuptools>=70":                  false,
		"cython":                          false,
		"cython; sys_platform == 'win32'": true,
		"wheel[extra]":                    false,
	} {
		if got := satisfied([]pep508.Requirement{req(s)}, pkgs, env); got != want {
			t.Errorf("satisfied(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestTail(t *testing.T) {
	var tw tailWriter
	for i := range 100 {
		tw.Write([]byte(strings.Repeat("x", i%3) + "line\n"))
	}
	if got := strings.Count(tw.String(), "\n") + 1; got != tailLines {
		t.Errorf("%d lines, want %d", got, tailLines)
	}
}

// writeWheel writes a wheel holding files (name → content).
func writeWheel(t *testing.T, dir, name string, files map[string][]byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for n, c := range files {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(c)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return p
}

func TestReadLibraries(t *testing.T) {
	libs, _ := filepath.Glob("/usr/lib/*-linux-gnu/libz.so.1.*")
	if len(libs) == 0 {
		tools.Unavailable(t, "needs the host's libz.so.1 to read (Debian's zlib1g)")
	}
	elf, err := os.ReadFile(libs[0])
	if err != nil {
		t.Fatal(err)
	}
	p := writeWheel(t, t.TempDir(), "x-1-cp311-cp311-linux_x86_64.whl", map[string][]byte{
		"x/_ext.cpython-311-x86_64-linux-gnu.so": elf,
		"x.libs/libz.so.1":                       elf,
		"x/notelf.so":                            []byte("text"),
		"x/__init__.py":                          []byte(""),
	})
	l, err := ReadLibraries(p)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(l.Needed, "libc.so.6") || !slices.Contains(l.Own, "libz.so.1") {
		t.Errorf("needed %v, own %v", l.Needed, l.Own)
	}
	if m := l.Missing(func(n string) bool { return n == "libc.so.6" }); len(m) != 0 {
		t.Errorf("missing %v, want none (libz is in the wheel, libc in the image)", m)
	}
	if m := l.Missing(func(string) bool { return false }); !slices.Equal(m, []string{"libc.so.6"}) {
		t.Errorf("missing %v, want libc.so.6", m)
	}
}

func TestCacheHeals(t *testing.T) {
	fc, err := fetch.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	b := New(Options{Fetch: fc})
	w := plan.Wheel{Name: "x", Version: "1"}
	built := writeWheel(t, t.TempDir(), "x-1-py3-none-any.whl", map[string][]byte{"x.py": []byte("X = 1\n")})
	key := strings.Repeat("cd", 32)
	if _, ok := b.cached(key, w); ok {
		t.Fatal("a hit in an empty cache")
	}
	p, err := b.store(key, built)
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := b.cached(key, w); !ok || got != p {
		t.Fatalf("cached = %q, %v; want %q", got, ok, p)
	}
	if err := os.WriteFile(p, []byte("spoilt"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, ok := b.cached(key, w); ok {
		t.Error("a spoilt wheel was used")
	}
	if _, err := os.Stat(filepath.Dir(p)); !os.IsNotExist(err) {
		t.Errorf("the spoilt entry was kept: %v", err)
	}
	if _, ok := b.cached(key, plan.Wheel{Name: "y", Version: "1"}); ok {
		t.Error("an entry of another package was used")
	}
}
