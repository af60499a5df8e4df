package e2e

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// TestReproducible builds the same project from two copies that differ in
// path, file modes (umask) and mtimes, and checks the digests are equal;
// then checks SOURCE_DATE_EPOCH changes the digest, and reproducibly.
//
// It is not parallel: the umask is process-wide, and parallel tests only
// start once the sequential ones have returned.
func TestReproducible(t *testing.T) {
	tools.Require(t, "skopeo", "umoci")
	base := baseRef(t)
	requirePyko(t)
	a := filepath.Join(t.TempDir(), "hello")
	b := filepath.Join(t.TempDir(), "elsewhere", "deeper", "hello")
	copyTree(t, helloDir(), a)
	old := syscall.Umask(0o077)
	copyTree(t, helloDir(), b)
	syscall.Umask(old)
	touchAll(t, b, time.Date(2031, 5, 6, 7, 8, 9, 0, time.UTC))
	if fi, err := os.Stat(filepath.Join(b, "main.py")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("copy under umask 077: main.py mode %v (err %v), want 0600", fi.Mode(), err)
	}

	build := func(dir string, env ...string) string {
		t.Helper()
		out := filepath.Join(t.TempDir(), "oci")
		return buildOK(t, env, "build", dir, "--base", base, "-o", "oci:"+out+":hello")
	}
	da, db := build(a), build(b)
	if da != db {
		t.Errorf("same project, different copies: %s vs %s (path, umask or mtimes leak into the image)", da, db)
	}

	sde := "SOURCE_DATE_EPOCH=1700000000"
	out := filepath.Join(t.TempDir(), "oci")
	d1 := buildOK(t, []string{sde}, "build", a, "--base", base, "-o", "oci:"+out+":hello")
	d2 := build(b, sde)
	if d1 == da {
		t.Errorf("SOURCE_DATE_EPOCH did not change the digest (%s)", d1)
	}
	if d1 != d2 {
		t.Errorf("SOURCE_DATE_EPOCH builds differ: %s vs %s", d1, d2)
	}
	cfg := skopeoConfig(t, "oci:"+out+":hello")
	if want := time.Unix(1700000000, 0); !cfg.Created.Time.Equal(want) {
		t.Errorf("Created = %v, want %v", cfg.Created.Time, want.UTC())
	}
	tools.RequireRoot(t)
	root := umociUnpack(t, out, "hello")
	fi, err := os.Stat(filepath.Join(root, "app/main.py"))
	if err != nil {
		t.Fatal(err)
	}
	if fi.ModTime().Unix() != 1700000000 {
		t.Errorf("/app/main.py mtime %v, want SOURCE_DATE_EPOCH 1700000000", fi.ModTime().UTC())
	}
}

// copyTree copies the regular files and directories under src to dst,
// creating them with default permissions so that the umask applies.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o777)
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		outf, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o666)
		if err != nil {
			return err
		}
		if _, err := io.Copy(outf, in); err != nil {
			outf.Close()
			return err
		}
		return outf.Close()
	})
	if err != nil {
		t.Fatalf("copying %s to %s: %v", src, dst, err)
	}
}

// touchAll sets the mtime of everything under dir.
func touchAll(t *testing.T, dir string, when time.Time) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Chtimes(p, when, when)
	})
	if err != nil {
		t.Fatalf("touching %s: %v", dir, err)
	}
}
