package bytecode

import (
	"archive/tar"
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/pyko-dev/pyko/internal/dirtree"
)

// WriteRootTar is WriteRoot for a root read as one flattened tar stream
// (a base image's file system), which open gives, once for a slim root
// and again when it has to be written whole. The standard library's
// modules and pycs go into the zip CPython searches first, the rest is
// written by dirtree.WriteTar. A hard link to a file that was left out
// or zipped is left out too.
func WriteRootTar(ctx context.Context, dir string, open func() (io.ReadCloser, error), r Root) error {
	err := r.writeTar(ctx, dir, open, true)
	if err == nil {
		if err = Loadable(dir, r.Interpreter); err == nil {
			return nil
		}
		r.log().Info("the interpreter does not load in a slim root: writing every file", "interpreter", r.Interpreter, "error", err)
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err := emptyDir(dir); err != nil {
		return err
	}
	return r.writeTar(ctx, dir, open, false)
}

// writeTar writes the stream open gives into dir, slim or whole.
func (r Root) writeTar(ctx context.Context, dir string, open func() (io.ReadCloser, error), slim bool) error {
	rc, err := open()
	if err != nil {
		return err
	}
	defer rc.Close()
	stdlib := strings.Trim(r.Stdlib, "/")
	zipName, ok := StdlibZip(stdlib)
	if !ok {
		zipName = ""
	}
	// The zip is made beside the root's files and moved into place once
	// they are all written: its directory is made by the other writer.
	tmp := filepath.Join(dir, ".pyko-stdlib.zip")
	pr, pw := io.Pipe()
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		err := dirtree.WriteTar(gctx, dir, pr)
		if err == nil {
			// The tar's end blocks, which the reader stops before.
			_, err = io.Copy(io.Discard, pr)
		}
		pr.CloseWithError(err)
		return err
	})
	g.Go(func() error {
		s := splitter{r: r, slim: slim, zipName: zipName, stdlib: stdlib}
		err := s.split(gctx, rc, pw, tmp)
		pw.CloseWithError(err)
		return err
	})
	if err := g.Wait(); err != nil {
		return fmt.Errorf("writing the compiler's root: %w", err)
	}
	if zipName == "" {
		return nil
	}
	final := filepath.Join(dir, filepath.FromSlash(zipName))
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return err
	}
	return os.Rename(tmp, final)
}

// splitter divides a root's tar stream: the files to write, the modules
// to zip, the files a slim root leaves out.
type splitter struct {
	r               Root
	slim            bool
	stdlib, zipName string
}

// tarKind is what keeps sees of a tar entry of type t; a hard link is
// its file's second name.
func tarKind(t byte) kind {
	switch t {
	case tar.TypeDir:
		return directory
	case tar.TypeSymlink:
		return symlink
	}
	return regular
}

// split copies r's entries to w, but the stdlib's modules and pycs,
// which it writes into a new zip at zipPath (none without a zipName),
// and the files a slim root leaves out. A file of the image at zipName
// is dropped: the zip replaces it.
func (s splitter) split(ctx context.Context, r io.Reader, w io.Writer, zipPath string) (err error) {
	tr, tw := tar.NewReader(r), tar.NewWriter(w)
	var zw *zip.Writer
	if s.zipName != "" {
		f, err := os.OpenFile(zipPath, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		defer f.Close()
		zw = zip.NewWriter(f)
		defer func() {
			if err == nil {
				err = errors.Join(zw.Close(), f.Close())
			}
		}()
	}
	// left are the regular files not written as files: a hard link to
	// one is left out too.
	left := map[string]bool{}
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
		p := strings.TrimPrefix(path.Clean(strings.TrimPrefix(h.Name, "./")), "/")
		switch {
		case s.zipName != "" && p == s.zipName:
			continue
		case h.Typeflag == tar.TypeLink && left[strings.TrimPrefix(path.Clean(h.Linkname), "/")]:
			left[p] = true
			continue
		case s.slim && !s.r.keeps(p, tarKind(h.Typeflag)):
			left[p] = true
			continue
		}
		if name, ok := inZip(p, s.stdlib, s.r.Tag); ok && zw != nil && h.Typeflag == tar.TypeReg {
			left[p] = true
			if _, err := addToZip(zw, name, tr); err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
			continue
		}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if _, err := io.Copy(tw, tr); err != nil {
			return err
		}
	}
	return tw.Close()
}
