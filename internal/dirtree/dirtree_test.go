package dirtree

import (
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/layer"
)

func file(p, content string, mode fs.FileMode) layer.Entry {
	return layer.Entry{Path: p, Mode: mode, Size: int64(len(content)),
		Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(content)), nil }}
}

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	es := []layer.Entry{
		{Path: "usr/lib/python", Mode: fs.ModeSymlink | 0o777, Link: "python3.11"},
		file("usr/bin/tool", "#!/bin/sh\n", 0o755),
		{Path: "usr", Mode: fs.ModeDir | 0o755},
		file("usr/lib/python3.11/os.py", "x = 1\n", 0o644|fs.ModeSetuid),
		{Path: "bin", Mode: fs.ModeSymlink | 0o777, Link: "usr/bin"},
	}
	if err := Write(context.Background(), dir, es); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "bin/tool")); err != nil || string(b) != "#!/bin/sh\n" {
		t.Errorf("bin/tool through the link: %q, %v", b, err)
	}
	fi, err := os.Stat(filepath.Join(dir, "usr/lib/python3.11/os.py"))
	if err != nil || fi.Mode() != 0o644 {
		t.Errorf("os.py mode %v (%v), want 0644 without setuid", fi.Mode(), err)
	}
	if l, err := os.Readlink(filepath.Join(dir, "usr/lib/python")); err != nil || l != "python3.11" {
		t.Errorf("link %q, %v", l, err)
	}
}

func TestWriteRefuses(t *testing.T) {
	for name, tt := range map[string]struct {
		es   []layer.Entry
		want string
	}{
		"dotdot":   {[]layer.Entry{file("../x", "", 0o644)}, "leaves"},
		"absolute": {[]layer.Entry{file("/etc/x", "", 0o644)}, "leaves"},
		"unclean":  {[]layer.Entry{file("a/./x", "", 0o644)}, "leaves"},
		"twice":    {[]layer.Entry{file("a", "1", 0o644), file("a", "2", 0o644)}, "twice"},
		"short":    {[]layer.Entry{{Path: "a", Size: 5, Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("ab")), nil }}}, "want 5"},
	} {
		err := Write(context.Background(), t.TempDir(), tt.es)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", name, err, tt.want)
		}
	}
	// A link already in the directory is not written through.
	dir, outside := t.TempDir(), t.TempDir()
	if err := os.Symlink(outside, filepath.Join(dir, "a")); err != nil {
		t.Fatal(err)
	}
	if err := Write(context.Background(), dir, []layer.Entry{file("a/x", "1", 0o644)}); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("write through an existing link: %v", err)
	}
	if _, err := os.Stat(filepath.Join(outside, "x")); err == nil {
		t.Error("a file was written outside the directory")
	}
}

// WithLinks links a content already on disk instead of copying it; a
// second entry of the same content with another mode gets a copy, so
// both keep their modes.
func TestWriteWithLinks(t *testing.T) {
	store := t.TempDir()
	src := filepath.Join(store, "blob")
	if err := os.WriteFile(src, []byte("#!/bin/sh\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	content := func(p string) string {
		if strings.HasPrefix(p, "bin/") {
			return src
		}
		return ""
	}
	es := []layer.Entry{
		file("bin/a", "#!/bin/sh\n", 0o755),
		file("bin/b", "#!/bin/sh\n", 0o644),
		file("etc/c", "other\n", 0o644),
	}
	dir := t.TempDir()
	if err := Write(context.Background(), dir, es, WithLinks(content)); err != nil {
		t.Fatal(err)
	}
	same := func(p string) bool {
		a, _ := os.Stat(src)
		b, err := os.Stat(filepath.Join(dir, p))
		return err == nil && os.SameFile(a, b)
	}
	if !same("bin/a") || same("bin/b") || same("etc/c") {
		t.Errorf("linked: a %v, b %v, c %v; want a only", same("bin/a"), same("bin/b"), same("etc/c"))
	}
	for p, want := range map[string]fs.FileMode{"bin/a": 0o755, "bin/b": 0o644, "etc/c": 0o644} {
		fi, err := os.Stat(filepath.Join(dir, p))
		if err != nil || fi.Mode() != want {
			t.Errorf("%s: mode %v (%v), want %v", p, fi.Mode(), err, want)
		}
		if b, _ := os.ReadFile(filepath.Join(dir, p)); len(b) == 0 {
			t.Errorf("%s is empty", p)
		}
	}
}
