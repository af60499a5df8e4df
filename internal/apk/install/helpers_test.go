package install

import (
	"archive/tar"
	"bytes"
	"context"
	"io"
	"io/fs"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/layer"
)

// ent is one tar entry of a test package.
type ent struct {
	name string
	typ  byte   // tar.TypeReg when zero
	body string // content, or link target for links
	mode int64  // 0644 files, 0755 dirs, 0777 symlinks when zero
	uid  int
}

func dir(name string) ent                   { return ent{name: name, typ: tar.TypeDir} }
func file(name, body string) ent            { return ent{name: name, body: body} }
func symlink(name, target string) ent       { return ent{name: name, typ: tar.TypeSymlink, body: target} }
func hardlink(name, target string) ent      { return ent{name: name, typ: tar.TypeLink, body: target} }
func withMode(e ent, mode int64) ent        { e.mode = mode; return e }
func withOwner(e ent, uid int) ent          { e.uid = uid; return e }
func pkg(name string) *apk.Package          { return &apk.Package{Name: name, Version: "1.0-r0", Origin: name} }
func pkgOrigin(name, o string) *apk.Package { p := pkg(name); p.Origin = o; return p }

// tarOf builds a data tar in memory.
func tarOf(t testing.TB, entries ...ent) io.Reader {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		h := &tar.Header{Name: e.name, Typeflag: e.typ, Mode: e.mode, Uid: e.uid, Gid: e.uid}
		switch e.typ {
		case 0:
			h.Typeflag = tar.TypeReg
			h.Size = int64(len(e.body))
			if h.Mode == 0 {
				h.Mode = 0o644
			}
		case tar.TypeDir:
			if h.Mode == 0 {
				h.Mode = 0o755
			}
		case tar.TypeSymlink, tar.TypeLink:
			h.Linkname = e.body
			if h.Mode == 0 {
				h.Mode = 0o777
			}
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if h.Typeflag == tar.TypeReg {
			if _, err := tw.Write([]byte(e.body)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return &buf
}

// baselayout is a trimmed wolfi-baselayout: merged /usr and the account
// files.
func baselayout(t testing.TB) io.Reader {
	return tarOf(t,
		dir("etc"), file("etc/passwd", "root:x:0:0:root:/root:/bin/ash\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n"),
		file("etc/group", "root:x:0:\nnobody:x:65534:\n"),
		dir("usr"), dir("usr/bin"), dir("usr/lib"),
		symlink("bin", "usr/bin"), symlink("lib", "usr/lib"), symlink("lib64", "usr/lib"),
		symlink("sbin", "usr/bin"), symlink("usr/sbin", "bin"),
		withMode(dir("tmp"), 0o1777),
	)
}

// mustAdd adds packages in order.
func mustAdd(t testing.TB, tr *Tree, pkgs ...any) {
	t.Helper()
	for i := 0; i < len(pkgs); i += 2 {
		if err := tr.Add(context.Background(), pkgs[i].(*apk.Package), pkgs[i+1].(io.Reader)); err != nil {
			t.Fatal(err)
		}
	}
}

// flat returns every entry by path, from the group of the path's owner
// (other groups hold copies of ancestor directories).
func flat(t testing.TB, tr *Tree) map[string]ownedEntry {
	t.Helper()
	out := map[string]ownedEntry{}
	for _, g := range tr.Entries() {
		for _, e := range g.Entries {
			if tr.nodes[e.Path].owner == g.Owner {
				out[e.Path] = ownedEntry{Entry: e, Owner: g.Owner}
			}
		}
	}
	return out
}

type ownedEntry struct {
	layer.Entry
	Owner string
}

func content(t testing.TB, e layer.Entry) string {
	t.Helper()
	if e.Open == nil {
		t.Fatalf("%s: not a regular file (mode %v)", e.Path, e.Mode)
	}
	rc, err := e.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func isSymlink(e layer.Entry) bool { return e.Mode&fs.ModeSymlink != 0 }
