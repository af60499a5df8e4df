package debwheels

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestCollect(t *testing.T) {
	pkg := t.TempDir()
	site := filepath.Join(pkg, filepath.FromSlash(sitePackages))
	write := func(rel, content string, mode os.FileMode) {
		t.Helper()
		p := filepath.Join(pkg, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, rel string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(pkg, filepath.FromSlash(rel))); err != nil {
			t.Fatal(err)
		}
	}
	write(sitePackages+"/mod/__init__.py", "", 0o644)
	write(sitePackages+"/mod/run.sh", "#!/bin/sh\n", 0o755)
	write(sitePackages+"/mod/__pycache__/__init__.cpython-311.pyc", "x", 0o644)
	write(sitePackages+"/mod/stray.pyc", "x", 0o644)
	write(sitePackages+"/six.py", "", 0o644)
	write(sitePackages+"/mod-1.0.egg-info/PKG-INFO", "Name: mod\n", 0o644)
	write("usr/share/mod/data.txt", "data", 0o644)
	write("usr/share/javascript/jquery.js", "js", 0o644)
	link("../../../../share/mod/data.txt", sitePackages+"/mod/data.txt") // inside the package
	link("/etc/passwd", sitePackages+"/mod/passwd")                      // absolute: the target system's
	link("../../../../../../../../etc/hostname", sitePackages+"/mod/up") // leaves the package
	link("missing.txt", sitePackages+"/mod/dangling")
	link("../mod", sitePackages+"/mod/loopdir") // a directory

	files, metaDirs, err := collect(context.Background(), pkg)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.name)
	}
	slices.Sort(names)
	want := []string{"mod/__init__.py", "mod/data.txt", "mod/run.sh", "six.py"}
	if !slices.Equal(names, want) {
		t.Errorf("collected %q, want %q", names, want)
	}
	for _, f := range files {
		if f.exec != (f.name == "mod/run.sh") {
			t.Errorf("%s: exec = %t", f.name, f.exec)
		}
		if f.name == "mod/data.txt" && f.src != filepath.Join(pkg, "usr/share/mod/data.txt") {
			t.Errorf("mod/data.txt comes from %s, want the link's target", f.src)
		}
	}
	if want := []string{filepath.Join(site, "mod-1.0.egg-info")}; !slices.Equal(metaDirs, want) {
		t.Errorf("metadata dirs %q, want %q", metaDirs, want)
	}
}
