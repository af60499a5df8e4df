package bytecode

import (
	"archive/tar"
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestWriteRootTar: a root unpacked from one tar stream, its stdlib
// zipped, holds far fewer files and compiles the same pycs as the root
// the tar was made of; a hard link to a zipped module and a file where
// the zip goes do not break it.
func TestWriteRootTar(t *testing.T) {
	from := rootfs(t, "amd64")
	stream := tarOfDir(t, from, func(tw *tar.Writer) {
		// What a base may hold: a second name for a stdlib module, and a
		// file of its own where the zip goes.
		tw.WriteHeader(&tar.Header{Name: "usr/lib/python3.11/json/alias.py", Typeflag: tar.TypeLink, Linkname: "usr/lib/python3.11/json/__init__.py"})
		tw.WriteHeader(&tar.Header{Name: "usr/lib/python311.zip", Typeflag: tar.TypeReg, Mode: 0o644, Size: 3})
		tw.Write([]byte("old"))
	})
	root := t.TempDir()
	if err := WriteRootTar(context.Background(), root, stream, "/usr/lib/python3.11", CacheTag("3.11")); err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{"usr/lib/python3.11/json/__init__.py", "usr/lib/python3.11/json/alias.py", ".pyko-stdlib.zip"} {
		if _, err := os.Lstat(filepath.Join(root, gone)); err == nil {
			t.Errorf("%s is a file of the root", gone)
		}
	}
	if fi, err := os.Stat(filepath.Join(root, "usr/lib/python311.zip")); err != nil || fi.Size() < 1<<20 {
		t.Fatalf("the stdlib zip: %v", err)
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
	same(t, "files and a tar with its stdlib zipped", digests(t, want), digests(t, got))
}

// tarOfDir is dir as one tar stream, then what extra writes.
func tarOfDir(t *testing.T, dir string, extra func(*tar.Writer)) io.Reader {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		fi, err := d.Info()
		if err != nil {
			return err
		}
		link := ""
		if fi.Mode()&fs.ModeSymlink != 0 {
			if link, err = os.Readlink(p); err != nil {
				return err
			}
		}
		h, err := tar.FileInfoHeader(fi, link)
		if err != nil {
			return err
		}
		h.Name = filepath.ToSlash(rel)
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if fi.Mode().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			_, err = tw.Write(data)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	extra(tw)
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return &buf
}
