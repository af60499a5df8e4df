package bytecode

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/pyko-dev/pyko/internal/testutil/debroot"
)

// TestWriteRootTar: a root unpacked from one tar stream, slim, its
// stdlib's modules zipped, holds far fewer files and compiles the same
// pycs as the root the tar was made of; a hard link to a zipped module or
// a file left out and a file where the zip goes do not break it.
func TestWriteRootTar(t *testing.T) {
	from := rootfs(t, "amd64")
	stream := tarOfDir(t, from, func(tw *tar.Writer) {
		// What a base may hold: a second name for a stdlib module, and a
		// file of its own where the zip goes.
		tw.WriteHeader(&tar.Header{Name: "usr/lib/python3.11/json/alias.py", Typeflag: tar.TypeLink, Linkname: "usr/lib/python3.11/json/__init__.py"})
		tw.WriteHeader(&tar.Header{Name: "usr/lib/python311.zip", Typeflag: tar.TypeReg, Mode: 0o644, Size: 3})
		tw.Write([]byte("old"))
		tw.WriteHeader(&tar.Header{Name: "usr/bin/pydoc", Typeflag: tar.TypeLink, Linkname: "usr/bin/pydoc3.11"})
	})
	root := t.TempDir()
	r := debianRoot
	r.Sources = true
	sums := map[string]string{}
	var mu sync.Mutex
	r.Sums = func(p string, size int64, sum []byte) {
		mu.Lock()
		defer mu.Unlock()
		sums[p] = fmt.Sprintf("%d %x", size, sum)
	}
	if err := WriteRootTar(context.Background(), root, stream, r); err != nil {
		t.Fatal(err)
	}
	// Every regular file's sum is given, as it is on disk: the zip's too.
	checkSums(t, root, sums)
	if _, ok := sums["usr/lib/python311.zip"]; !ok {
		t.Error("no sum for the stdlib zip")
	}
	for _, gone := range []string{"usr/lib/python3.11/json/__init__.py", "usr/lib/python3.11/json/alias.py", ".pyko-zip-0.tmp", "usr/bin/pydoc", "usr/bin/pydoc3.11"} {
		if _, err := os.Lstat(filepath.Join(root, gone)); err == nil {
			t.Errorf("%s is a file of the root", gone)
		}
	}
	if fi, err := os.Stat(filepath.Join(root, "usr/lib/python311.zip")); err != nil || fi.Size() < 1<<20 {
		t.Fatalf("the stdlib zip: %v", err)
	}
	if all, slim := files(t, from), files(t, root); slim*3 > all {
		t.Errorf("the slim root has %d of the %d files", slim, all)
	}
	sameAsFrom(t, "files and a tar with its stdlib zipped", from, root)
}

// tarOfDir is dir as one tar stream, then what extra writes, opened as
// many times as asked.
func tarOfDir(t *testing.T, dir string, extra func(*tar.Writer)) func() (io.ReadCloser, error) {
	return tarOfDirAs(t, dir, nil, extra)
}

// tarOfDirAs is tarOfDir, the files of dir named in rename under their
// new names.
func tarOfDirAs(t *testing.T, dir string, rename map[string]string, extra func(*tar.Writer)) func() (io.ReadCloser, error) {
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
		if to, ok := rename[h.Name]; ok {
			h.Name = to
		}
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
	return func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(buf.Bytes())), nil }
}

// TestWriteRootTarWhole: from a stream whose interpreter is a link to a
// file a slim root leaves out, the root is written again whole from a
// second stream, and compiles.
func TestWriteRootTarWhole(t *testing.T) {
	from := rootfs(t, "amd64")
	interp := strings.TrimPrefix(debroot.Interpreter, "/")
	stream := tarOfDirAs(t, from, map[string]string{interp: "opt/python/bin/python3.11"}, func(tw *tar.Writer) {
		tw.WriteHeader(&tar.Header{Name: interp, Typeflag: tar.TypeSymlink, Linkname: "/opt/python/bin/python3.11"})
	})
	opened := 0
	open := func() (io.ReadCloser, error) {
		opened++
		return stream()
	}
	root := t.TempDir()
	if err := WriteRootTar(context.Background(), root, open, debianRoot); err != nil {
		t.Fatal(err)
	}
	if opened != 2 {
		t.Errorf("the stream was opened %d times, want 2", opened)
	}
	if n := files(t, filepath.Join(root, "usr/share")); n == 0 {
		t.Error("the whole root has no /usr/share")
	}
	if _, err := compiler(t, root).Compile(context.Background(), installed(t)); err != nil {
		t.Fatal(err)
	}
}

// TestWriteRootTarAnyPython: the root of every Python of an image, made
// before its facts are known, holds the Debian interpreter, which loads
// in it, and its standard library's modules zipped, and compiles the same
// pycs as the root the tar was made of.
func TestWriteRootTarAnyPython(t *testing.T) {
	from := rootfs(t, "amd64")
	root := t.TempDir()
	if err := WriteRootTar(context.Background(), root, tarOfDir(t, from, func(*tar.Writer) {}), AnyPython(nil)); err != nil {
		t.Fatal(err)
	}
	if err := Loadable(root, debroot.Interpreter); err != nil {
		t.Fatal(err)
	}
	if zipped := zipNames(t, filepath.Join(root, "usr/lib/python311.zip")); !zipped["json/__init__.py"] || !zipped["encodings/__init__.py"] {
		t.Errorf("the zip: json %v, encodings %v", zipped["json/__init__.py"], zipped["encodings/__init__.py"])
	}
	if all, slim := files(t, from), files(t, root); slim*3 > all {
		t.Errorf("the root has %d of the %d files", slim, all)
	}
	sameAsFrom(t, "files and every Python's root", from, root)
	for stdlib, want := range map[string]bool{"/usr/lib/python3.11": true, "/usr/local/lib/python3.12/": true, "/opt/py/lib/python3.13": true, "/opt/py/python3.13": false, "/usr/lib/python3": false, "": false} {
		if got := Covers(stdlib); got != want {
			t.Errorf("Covers(%q) = %v, want %v", stdlib, got, want)
		}
	}
}

// checkSums checks that sums holds "SIZE SHA256" of every regular file
// under root that is not a second name (a hard link) of another.
func checkSums(t *testing.T, root string, sums map[string]string) {
	t.Helper()
	n := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		got, ok := sums[filepath.ToSlash(rel)]
		if fi, _ := d.Info(); !ok && fi.Sys().(*syscall.Stat_t).Nlink > 1 {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if want := fmt.Sprintf("%d %x", len(b), sha256.Sum256(b)); got != want {
			t.Errorf("%s: sum given %q, the file's %q", rel, got, want)
		}
		n++
		return nil
	})
	if err != nil || n == 0 {
		t.Fatalf("%d files checked: %v", n, err)
	}
}
