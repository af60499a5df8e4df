package dirtree

import (
	"archive/tar"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type member struct {
	name, body, link string
	typ              byte
	mode             int64
}

func tarOf(t testing.TB, ms ...member) []byte {
	t.Helper()
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	for _, m := range ms {
		h := &tar.Header{Name: m.name, Typeflag: m.typ, Mode: m.mode, Linkname: m.link, Size: int64(len(m.body))}
		if m.typ != tar.TypeReg {
			h.Size = 0
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if m.typ == tar.TypeReg {
			tw.Write([]byte(m.body))
		}
	}
	tw.Close()
	return b.Bytes()
}

func TestWriteTar(t *testing.T) {
	dir := t.TempDir()
	data := tarOf(t,
		member{name: "usr/bin/python3.11", body: "upper", typ: tar.TypeReg, mode: 0o4755},
		member{name: "./usr/bin/python3.11", body: "lower, shadowed", typ: tar.TypeReg, mode: 0o644},
		member{name: "/etc/os-release", body: "ID=test\n", typ: tar.TypeReg, mode: 0o644},
		member{name: "usr/bin/python3", link: "python3.11", typ: tar.TypeSymlink},
		member{name: "usr/bin/py", link: "usr/bin/python3.11", typ: tar.TypeLink},
		member{name: "lib", link: "usr/lib", typ: tar.TypeSymlink},
		member{name: "lib/x.so", link: "elsewhere", typ: tar.TypeSymlink},
		member{name: "usr", typ: tar.TypeDir, mode: 0o755},
		member{name: "dev/null", typ: tar.TypeChar},
	)
	if err := WriteTar(context.Background(), dir, bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]string{"usr/bin/python3.11": "upper", "etc/os-release": "ID=test\n", "usr/bin/python3": "upper", "usr/bin/py": "upper"} {
		got, err := os.ReadFile(filepath.Join(dir, p))
		if err != nil || string(got) != want {
			t.Errorf("%s = %q, %v; want %q", p, got, err, want)
		}
	}
	if fi, _ := os.Stat(filepath.Join(dir, "usr/bin/python3.11")); fi.Mode()&os.ModeSetuid != 0 || fi.Mode().Perm() != 0o755 {
		t.Errorf("mode %v, want 0755 without setuid", fi.Mode())
	}
	if _, err := os.Lstat(filepath.Join(dir, "usr/lib/x.so")); err == nil {
		t.Error("a link was written through the link lib")
	}
	if _, err := os.Lstat(filepath.Join(dir, "dev/null")); err == nil {
		t.Error("a device was made")
	}
}

func TestWriteTarEscapes(t *testing.T) {
	for _, m := range []member{
		{name: "../outside", body: "x", typ: tar.TypeReg},
		{name: "a/../../outside", body: "x", typ: tar.TypeReg},
	} {
		dir := t.TempDir()
		err := WriteTar(context.Background(), filepath.Join(dir), bytes.NewReader(tarOf(t, m)))
		if _, serr := os.Stat(filepath.Join(filepath.Dir(dir), "outside")); serr == nil {
			t.Errorf("%s: written outside the directory", m.name)
		}
		if err == nil && !strings.HasPrefix(m.name, "/") {
			// Cleaning "/"-rooted keeps these inside: they land at "outside".
			if _, serr := os.Stat(filepath.Join(dir, "outside")); serr != nil {
				t.Errorf("%s: no error and not written inside: %v", m.name, serr)
			}
		}
	}
	dir := t.TempDir()
	data := tarOf(t, member{name: "hard", link: "../../etc/passwd", typ: tar.TypeLink})
	if err := WriteTar(context.Background(), dir, bytes.NewReader(data)); err == nil {
		t.Error("a hard link to a path outside: no error")
	}
}

func FuzzWriteTar(f *testing.F) {
	f.Add(tarOf(f, member{name: "a/b", body: "x", typ: tar.TypeReg, mode: 0o644}, member{name: "l", link: "a", typ: tar.TypeSymlink}))
	f.Fuzz(func(t *testing.T, data []byte) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "root")
		os.Mkdir(dir, 0o755)
		WriteTar(context.Background(), dir, bytes.NewReader(data))
		entries, _ := os.ReadDir(parent)
		if len(entries) != 1 {
			t.Fatalf("something was written beside the root: %v", entries)
		}
	})
}
