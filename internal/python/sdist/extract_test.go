package sdist

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// member is one entry of a test archive.
type member struct {
	name, link string
	typ        byte
	body       string
	mode       int64
}

func tarGz(t testing.TB, ms ...member) []byte {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, m := range ms {
		mode := m.mode
		if mode == 0 {
			mode = 0o644
		}
		typ := m.typ
		if typ == 0 {
			typ = tar.TypeReg
		}
		h := &tar.Header{Name: m.name, Linkname: m.link, Typeflag: typ, Mode: mode, Size: int64(len(m.body))}
		if typ != tar.TypeReg {
			h.Size = 0
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if typ == tar.TypeReg {
			_, _ = tw.Write([]byte(m.body))
		}
	}
	tw.Close()
	gz.Close()
	return buf.Bytes()
}

func write(t testing.TB, name string, data []byte) string {
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const pkgInfo = "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\nRequires-Dist: click>=8\n"

func TestExtract(t *testing.T) {
	good := []member{{name: "demo-1.0/", typ: tar.TypeDir}, {name: "demo-1.0/PKG-INFO", body: pkgInfo},
		{name: "demo-1.0/demo/__init__.py", body: "X = 1\n"}, {name: "demo-1.0/run.sh", body: "#!/bin/sh\n", mode: 0o4755},
		{name: "demo-1.0/demo/alias.py", typ: tar.TypeSymlink, link: "__init__.py"}, {name: "demo-1.0/copy.py", typ: tar.TypeLink, link: "demo-1.0/demo/__init__.py"}}
	for _, tc := range []struct {
		name    string
		members []member
		lim     Limits
		unsafe  bool
	}{
		{name: "good", members: good, lim: DefaultLimits},
		{name: "dot-dot", members: []member{{name: "demo-1.0/../evil", body: "x"}}, lim: DefaultLimits, unsafe: true},
		{name: "absolute", members: []member{{name: "/etc/evil", body: "x"}}, lim: DefaultLimits, unsafe: true},
		{name: "two top directories", members: []member{{name: "a/x", body: "x"}, {name: "b/y", body: "y"}}, lim: DefaultLimits, unsafe: true},
		{name: "a file at the top", members: []member{{name: "setup.py", body: "x"}}, lim: DefaultLimits, unsafe: true},
		{name: "symlink out", members: []member{{name: "demo-1.0/x", typ: tar.TypeSymlink, link: "../../etc/passwd"}}, lim: DefaultLimits, unsafe: true},
		{name: "absolute symlink", members: []member{{name: "demo-1.0/x", typ: tar.TypeSymlink, link: "/etc/passwd"}}, lim: DefaultLimits, unsafe: true},
		{name: "write through a link", members: []member{{name: "demo-1.0/d", typ: tar.TypeSymlink, link: "."},
			{name: "demo-1.0/d/x", typ: tar.TypeSymlink, link: "../y"}}, lim: DefaultLimits, unsafe: true},
		{name: "hard link to nothing", members: []member{{name: "demo-1.0/x", typ: tar.TypeLink, link: "demo-1.0/nope"}}, lim: DefaultLimits, unsafe: true},
		{name: "a device", members: []member{{name: "demo-1.0/dev", typ: tar.TypeChar}}, lim: DefaultLimits, unsafe: true},
		{name: "too many bytes", members: []member{{name: "demo-1.0/big", body: "0123456789"}}, lim: Limits{Bytes: 5}},
		{name: "too many members", members: good, lim: Limits{Members: 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			archive := write(t, "demo-1.0.tar.gz", tarGz(t, tc.members...))
			dir := filepath.Join(t.TempDir(), "x")
			tree, err := Extract(context.Background(), archive, dir, tc.lim)
			if tc.name != "good" {
				if err == nil {
					t.Fatalf("extracted %s", tree)
				}
				if tc.unsafe != errors.Is(err, ErrUnsafe) {
					t.Errorf("err = %v, ErrUnsafe: want %v", err, tc.unsafe)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			m, err := Metadata(tree)
			if err != nil || m.Name != "demo" || m.Version != "1.0" {
				t.Errorf("Metadata = %+v, %v", m, err)
			}
			if fi, err := os.Stat(filepath.Join(tree, "run.sh")); err != nil || fi.Mode().Perm() != 0o755 {
				t.Errorf("run.sh: %v %v, want 0755 without setuid", fi.Mode(), err)
			}
			if b, err := os.ReadFile(filepath.Join(tree, "copy.py")); err != nil || string(b) != "X = 1\n" {
				t.Errorf("the hard link: %q %v", b, err)
			}
		})
	}
}

func TestExtractZip(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range map[string]string{"demo-1.0/PKG-INFO": pkgInfo, "demo-1.0/demo.py": "x = 1\n"} {
		w, _ := zw.Create(name)
		_, _ = w.Write([]byte(body))
	}
	zw.Close()
	tree, err := Extract(context.Background(), write(t, "demo-1.0.zip", buf.Bytes()), filepath.Join(t.TempDir(), "x"), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if m, err := Metadata(tree); err != nil || m.Name != "demo" {
		t.Errorf("Metadata = %+v, %v", m, err)
	}
}

func FuzzExtract(f *testing.F) {
	f.Add(tarGz(f, member{name: "demo-1.0/PKG-INFO", body: pkgInfo}, member{name: "demo-1.0/x", typ: tar.TypeSymlink, link: "PKG-INFO"}))
	f.Add(tarGz(f, member{name: "demo-1.0/../x", body: "x"}))
	f.Fuzz(func(t *testing.T, data []byte) {
		archive := write(t, "f-1.tar.gz", data)
		root := t.TempDir()
		tree, err := Extract(context.Background(), archive, filepath.Join(root, "x"), Limits{Bytes: 1 << 20, Members: 1000})
		if err != nil {
			return
		}
		// Nothing may lie outside the tree, and no link may point out.
		err = filepath.Walk(root, func(p string, fi os.FileInfo, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(tree, p)
			if p != root && p != filepath.Join(root, "x") && (rel == ".." || len(rel) > 2 && rel[:3] == "../") {
				t.Fatalf("%s is outside the tree %s", p, tree)
			}
			if fi.Mode()&os.ModeSymlink != 0 {
				target, _ := filepath.EvalSymlinks(p)
				if target != "" {
					if r, _ := filepath.Rel(tree, target); len(r) >= 2 && r[:2] == ".." {
						t.Fatalf("%s links out of the tree to %s", p, target)
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
