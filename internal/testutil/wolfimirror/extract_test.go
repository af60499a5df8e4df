package wolfimirror

import (
	"archive/tar"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// extractAPK unpacks the data of an .apk into root, a test-only installer
// good enough for trusted packages: it follows the baselayout's directory
// symlinks (lib → usr/lib) because the kernel does, and refuses entries
// that are not local paths. Signature and control entries (dot files at
// the top) are skipped.
func extractAPK(t *testing.T, file, root string) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f) // the members read as one tar stream
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(file), err)
		}
		if strings.HasPrefix(hdr.Name, ".") && !strings.Contains(hdr.Name, "/") {
			continue
		}
		if err := extractEntry(tr, hdr, root); err != nil {
			t.Fatalf("%s: %v", filepath.Base(file), err)
		}
	}
}

func extractEntry(r io.Reader, hdr *tar.Header, root string) error {
	if !filepath.IsLocal(hdr.Name) {
		return fmt.Errorf("entry %q escapes the root", hdr.Name)
	}
	dst := filepath.Join(root, hdr.Name)
	mode := hdr.FileInfo().Mode()
	switch hdr.Typeflag {
	case tar.TypeDir:
		if fi, err := os.Stat(dst); err == nil && fi.IsDir() {
			return nil // an existing dir, or a symlink to one
		}
		if err := os.MkdirAll(dst, 0o755); err != nil {
			return err
		}
		return os.Chmod(dst, mode.Perm()|mode&(os.ModeSticky|os.ModeSetgid|os.ModeSetuid))
	case tar.TypeSymlink:
		os.Remove(dst)
		return os.Symlink(hdr.Linkname, dst)
	case tar.TypeLink:
		os.Remove(dst)
		return os.Link(filepath.Join(root, hdr.Linkname), dst)
	case tar.TypeReg:
		os.Remove(dst)
		out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_EXCL, mode.Perm())
		if err != nil {
			return err
		}
		_, err = io.Copy(out, r)
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		return err
	}
	return fmt.Errorf("entry %q: unsupported type %c", hdr.Name, hdr.Typeflag)
}
