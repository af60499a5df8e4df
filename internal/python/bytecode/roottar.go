package bytecode

import (
	"archive/tar"
	"archive/zip"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
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
// or zipped is left out too. AnyPython's root is written slim and not
// checked.
func WriteRootTar(ctx context.Context, dir string, open func() (io.ReadCloser, error), r Root) error {
	return r.slimElseWhole(ctx, dir, func(slim bool) error { return r.writeTar(ctx, dir, open, slim) })
}

// writeTar writes the stream open gives into dir, slim or whole.
func (r Root) writeTar(ctx context.Context, dir string, open func() (io.ReadCloser, error), slim bool) error {
	rc, err := open()
	if err != nil {
		return err
	}
	defer rc.Close()
	s := splitter{r: r, slim: slim, zips: &zips{dir: dir, byName: map[string]*zipFile{}, sums: r.Sums}}
	var opts []dirtree.Option
	if r.Sums != nil {
		opts = append(opts, dirtree.WithSums(r.Sums))
	}
	pr, pw := io.Pipe()
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		err := dirtree.WriteTar(gctx, dir, pr, opts...)
		if err == nil {
			// The tar's end blocks, which the reader stops before.
			_, err = io.Copy(io.Discard, pr)
		}
		pr.CloseWithError(err)
		return err
	})
	g.Go(func() error {
		err := s.split(gctx, rc, pw)
		pw.CloseWithError(err)
		return err
	})
	if err := g.Wait(); err != nil {
		return fmt.Errorf("writing the compiler's root: %w", err)
	}
	return s.zips.place()
}

// splitter divides a root's tar stream: the files to write, the modules
// to zip, the files a slim root leaves out.
type splitter struct {
	r    Root
	slim bool
	zips *zips
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
// which go into its zip, and the files a slim root leaves out. A file of
// the image where a zip goes is dropped: the zip replaces it.
func (s splitter) split(ctx context.Context, r io.Reader, w io.Writer) (err error) {
	defer func() { err = errors.Join(err, s.zips.close()) }()
	tr, tw := tar.NewReader(r), tar.NewWriter(w)
	// left are the regular files not written as files: a hard link to
	// one is left out too.
	left := map[string]bool{}
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
		p := strings.TrimPrefix(path.Clean(strings.TrimPrefix(h.Name, "./")), "/")
		switch {
		case s.isZip(p):
			continue
		case h.Typeflag == tar.TypeLink && left[strings.TrimPrefix(path.Clean(h.Linkname), "/")]:
			left[p] = true
			continue
		case s.slim && !s.r.keeps(p, tarKind(h.Typeflag)):
			left[p] = true
			continue
		}
		if zipName, name, ok := s.zipOf(p); ok && h.Typeflag == tar.TypeReg {
			left[p] = true
			if err := s.zips.add(zipName, name, tr, buf); err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
			continue
		}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if _, err := io.CopyBuffer(tw, tr, buf); err != nil {
			return err
		}
	}
	return tw.Close()
}

// zipOf is the zip the file at p goes into, and its name there ("" for a
// pyc of another tag, read past): the zip of the standard library p lies
// in.
func (s splitter) zipOf(p string) (zipName, name string, ok bool) {
	stdlib, tag, _, ok := s.r.stdlibOf(p)
	if !ok {
		return "", "", false
	}
	if name, ok = inZip(p, stdlib, tag); !ok {
		return "", "", false
	}
	zipName, ok = StdlibZip(stdlib)
	return zipName, name, ok
}

// isZip tells whether p is where the zip of a standard library the root
// zips goes.
func (s splitter) isZip(p string) bool {
	dir, name := path.Split(p)
	v, ok := strings.CutPrefix(strings.TrimSuffix(name, ".zip"), "python3")
	if !ok || !strings.HasSuffix(name, ".zip") {
		return false
	}
	stdlib := path.Join(dir, "python3."+v)
	got, _, _, ok := s.r.stdlibOf(stdlib + "/os.py")
	return ok && got == stdlib
}

// zips are the standard libraries' zips being written, each at a
// temporary name in dir, made at its first module.
type zips struct {
	dir    string
	byName map[string]*zipFile
	order  []string
	// sums, if set, is given each zip's size and sha256 once it is placed.
	sums func(path string, size int64, sum []byte)
}

type zipFile struct {
	tmp string
	f   *os.File
	w   *zip.Writer
	sum *summer
}

// summer hashes and counts what is written to a file.
type summer struct {
	h hash.Hash
	n int64
}

func (s *summer) Write(p []byte) (int, error) {
	s.n += int64(len(p))
	return s.h.Write(p)
}

// add stores r under name in the zip zipName (a path in the root),
// copied through buf.
func (z *zips) add(zipName, name string, r io.Reader, buf []byte) error {
	zf, ok := z.byName[zipName]
	if !ok {
		tmp := filepath.Join(z.dir, fmt.Sprintf(".pyko-zip-%d.tmp", len(z.order)))
		f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		zf = &zipFile{tmp: tmp, f: f, sum: &summer{h: sha256.New()}}
		zf.w = zip.NewWriter(io.MultiWriter(f, zf.sum))
		z.byName[zipName] = zf
		z.order = append(z.order, zipName)
	}
	_, err := addToZip(zf.w, name, r, buf)
	return err
}

// close finishes the zips.
func (z *zips) close() error {
	var errs []error
	for _, name := range z.order {
		zf := z.byName[name]
		errs = append(errs, zf.w.Close(), zf.f.Close())
	}
	return errors.Join(errs...)
}

// place moves the zips to their names, once the root's files are written.
func (z *zips) place() error {
	for _, name := range z.order {
		final := filepath.Join(z.dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
			return err
		}
		zf := z.byName[name]
		if err := os.Rename(zf.tmp, final); err != nil {
			return err
		}
		if z.sums != nil {
			z.sums(name, zf.sum.n, zf.sum.h.Sum(nil))
		}
	}
	return nil
}
