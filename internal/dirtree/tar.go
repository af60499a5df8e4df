package dirtree

import (
	"archive/tar"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// WriteTar writes a tar stream (a flattened image's file system) under
// dir, which must exist: directories and files as they come, then hard
// links, then symbolic links, so nothing is written through a link. A
// path that leaves dir is an error; devices, FIFOs and owners are left
// out, and setuid, setgid and sticky bits dropped. A path given twice
// keeps its first entry, as a flattened image's upper layer comes first.
// Of the options, WithSums applies.
func WriteTar(ctx context.Context, dir string, r io.Reader, opts ...Option) error {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	tr := tar.NewReader(r)
	var links, hard []*tar.Header
	seen := map[string]bool{}
	buf := make([]byte, 64<<10) // one copy buffer, not one per file
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("reading the image's files: %w", err)
		}
		p, err := localName(h.Name)
		if err != nil || p == "" || seen[p] {
			if err != nil {
				return err
			}
			continue
		}
		seen[p] = true
		switch h.Typeflag {
		case tar.TypeDir:
			err = mkdir(dir, p, fs.FileMode(h.Mode).Perm())
		case tar.TypeReg:
			err = writeTarFile(dir, p, fs.FileMode(h.Mode).Perm(), tr, buf, o.sums)
		case tar.TypeSymlink:
			links = append(links, h)
		case tar.TypeLink:
			hard = append(hard, h)
		}
		if err != nil {
			return fmt.Errorf("writing %s: %w", p, err)
		}
	}
	return placeLinks(dir, hard, links)
}

func placeLinks(dir string, hard, links []*tar.Header) error {
	for _, h := range hard {
		p, _ := localName(h.Name)
		target, err := localName(h.Linkname)
		if err != nil {
			return err
		}
		if noLinkAbove(dir, p) != nil {
			continue // under a linked directory: already there by the link
		}
		if err := os.Link(filepath.Join(dir, target), filepath.Join(dir, p)); err != nil && !os.IsExist(err) {
			return fmt.Errorf("writing %s: %w", p, err)
		}
	}
	for _, h := range links {
		p, _ := localName(h.Name)
		if noLinkAbove(dir, p) != nil {
			continue
		}
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		// A directory a lower layer's link would replace stays: the
		// files under it came from upper layers.
		if err := os.Symlink(h.Linkname, full); err != nil && !os.IsExist(err) {
			return fmt.Errorf("writing %s: %w", p, err)
		}
	}
	return nil
}

// localName is a tar member's name as a clean path relative to the root.
func localName(name string) (string, error) {
	p := path.Clean("/" + strings.TrimPrefix(name, "./"))
	p = strings.TrimPrefix(p, "/")
	if p == "" || p == "." {
		return "", nil
	}
	if !filepath.IsLocal(p) {
		return "", fmt.Errorf("image file %q leaves the root", name)
	}
	return p, nil
}

func mkdir(dir, p string, perm fs.FileMode) error {
	if err := noLinkAbove(dir, p); err != nil {
		return err
	}
	full := filepath.Join(dir, filepath.FromSlash(p))
	if err := os.MkdirAll(full, 0o755); err != nil {
		return err
	}
	return os.Chmod(full, perm|0o700)
}

// writeTarFile writes r to the file at p under dir, through buf, and
// gives sums (if any) its size and sha256.
func writeTarFile(dir, p string, perm fs.FileMode, r io.Reader, buf []byte, sums func(string, int64, []byte)) error {
	if err := noLinkAbove(dir, p); err != nil {
		return err
	}
	full := filepath.Join(dir, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm|0o600)
	if err != nil {
		return err
	}
	// The struct hides the file's ReadFrom, which would take a buffer of
	// its own.
	var w io.Writer = struct{ io.Writer }{f}
	var h hash.Hash
	if sums != nil {
		h = sha256.New()
		w = io.MultiWriter(f, h)
	}
	n, err := io.CopyBuffer(w, r, buf)
	if err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if sums != nil {
		sums(p, n, h.Sum(nil))
	}
	return nil
}
