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
	"github.com/pyko-dev/pyko/internal/layer"
)

// WriteRootTar is WriteRoot for a root read as one flattened tar stream
// (a base image's file system): the standard library's modules and pycs
// in stdlib go into the zip CPython searches first, everything else is
// written by dirtree.WriteTar. A base's stdlib is most of its files, and
// creating files is the costly part of unpacking one. A hard link to a
// module that went into the zip is left out: the compiler imports only
// what starts the interpreter, and the stdlib's pycs are compiled from
// the image's own layers, not from this root.
func WriteRootTar(ctx context.Context, dir string, r io.Reader, stdlib, tag string) error {
	stdlib = strings.Trim(stdlib, "/")
	zipName, ok := StdlibZip(stdlib)
	if !ok {
		return dirtree.WriteTar(ctx, dir, r)
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
		err := splitTar(gctx, r, pw, tmp, stdlib, tag, zipName)
		pw.CloseWithError(err)
		return err
	})
	if err := g.Wait(); err != nil {
		return fmt.Errorf("writing the compiler's root: %w", err)
	}
	final := filepath.Join(dir, filepath.FromSlash(zipName))
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return err
	}
	return os.Rename(tmp, final)
}

// splitTar copies r's entries to w, but the stdlib's modules and pycs,
// which it writes into a new zip at zipPath. A file of the image at
// zipName is dropped: the zip replaces it.
func splitTar(ctx context.Context, r io.Reader, w io.Writer, zipPath, stdlib, tag, zipName string) error {
	return createZip(zipPath, func(zw *zip.Writer) error {
		tr, tw := tar.NewReader(r), tar.NewWriter(w)
		zipped := map[string]bool{}
		for {
			if err := ctx.Err(); err != nil {
				return err
			}
			h, err := tr.Next()
			if errors.Is(err, io.EOF) {
				return tw.Close()
			}
			if err != nil {
				return fmt.Errorf("reading the image's files: %w", err)
			}
			p := strings.TrimPrefix(path.Clean(strings.TrimPrefix(h.Name, "./")), "/")
			if p == zipName || (h.Typeflag == tar.TypeLink && zipped[strings.TrimPrefix(path.Clean(h.Linkname), "/")]) {
				continue
			}
			if name, ok := inZip(layer.Entry{Path: p, Mode: 0o644}, stdlib, tag); ok && h.Typeflag == tar.TypeReg {
				zipped[p] = true
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
	})
}
