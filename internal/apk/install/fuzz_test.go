package install

import (
	"bytes"
	"context"
	"io"
	"path"
	"strings"
	"testing"
)

// FuzzAdd feeds arbitrary bytes as a data tar after a baselayout: Add may
// refuse them, but must never panic, and whatever it accepts stays inside
// the root with every parent a directory. An error is one line.
func FuzzAdd(f *testing.F) {
	seed := func(es ...ent) []byte { b, _ := io.ReadAll(tarOf(f, es...)); return b }
	f.Add(seed(dir("lib"), file("lib/libz.so.1", "z"), symlink("lib/libz.so", "libz.so.1"), hardlink("lib/h", "lib/libz.so.1")))
	f.Add(seed(symlink("usr/lib/evil", "/../../etc"), file("usr/lib/evil/passwd", "x")))
	f.Add(seed(symlink("a", "b"), symlink("b", "a"), dir("a/")))
	f.Add(seed(file("./etc/x", "x"), file(".PKGINFO", "pkgname = x")))
	base, _ := io.ReadAll(baselayout(f))
	blobs := f.TempDir() // shared: contents are stored by digest, so runs do not collide
	f.Fuzz(func(t *testing.T, data []byte) {
		tr := New(blobs, WithMaxFileSize(1<<20))
		mustAdd(t, tr, pkg("wolfi-baselayout"), bytes.NewReader(base))
		if err := tr.Add(context.Background(), pkg("fuzz"), bytes.NewReader(data)); err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error is more than one line: %q", err)
			}
			return
		}
		for p, n := range tr.nodes {
			if p == "" {
				continue
			}
			if strings.HasPrefix(p, "/") || path.Clean(p) != p || strings.HasPrefix(p, "..") {
				t.Fatalf("accepted path %q", p)
			}
			parent := path.Dir(p)
			if parent == "." {
				parent = ""
			}
			if pn := tr.nodes[parent]; pn == nil || pn.kind != kindDir {
				t.Fatalf("%q (kind %d) has no parent directory", p, n.kind)
			}
		}
		_ = tr.Entries()
		if err := tr.Finish(context.Background(), Finish{Arch: "x86_64", Account: nonroot}); err != nil {
			return
		}
	})
}
