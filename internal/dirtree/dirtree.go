// Package dirtree writes layer entries as files under a directory: a
// build root from an installed APK tree, a build environment from wheels.
// It is the inverse of reading a tree into a layer, with the same rules:
// entries are relative, clean paths that never leave the directory.
package dirtree

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/pyko-dev/pyko/internal/layer"
)

// Write creates every entry under dir, which must exist and be empty of
// those paths: directories first (parents before children), then files,
// then symbolic links, so no file is written through a link an entry
// made. Modes are kept but setuid, setgid and sticky, which a build
// needs none of; owners are the caller's. A path that is absolute, has
// ".." or is repeated is an error.
func Write(ctx context.Context, dir string, entries []layer.Entry, opts ...Option) error {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	linked := map[string]fs.FileMode{}
	es := slices.Clone(entries)
	slices.SortStableFunc(es, func(a, b layer.Entry) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a.Path, b.Path))
	})
	seen := map[string]bool{}
	var todo []layer.Entry
	for _, e := range es {
		p := strings.TrimSuffix(e.Path, "/")
		if !filepath.IsLocal(p) || path.Clean(p) != p {
			return fmt.Errorf("writing %s: path %q leaves the directory", dir, e.Path)
		}
		if seen[p] {
			if e.Mode.IsDir() {
				continue
			}
			return fmt.Errorf("writing %s: %s given twice", dir, p)
		}
		seen[p] = true
		e.Path = p
		todo = append(todo, e)
	}
	// Directories, then files, then links, each rank done before the
	// next starts. Files are written by several workers: on some disks
	// creating a file waits far longer than writing its bytes.
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(writers)
	for i, e := range todo {
		if i > 0 && rank(e) != rank(todo[i-1]) {
			if err := g.Wait(); err != nil {
				return err
			}
			g, gctx = errgroup.WithContext(ctx)
			g.SetLimit(writers)
		}
		from := o.linkable(e, linked)
		write := func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			if err := writeOne(dir, e.Path, e, from); err != nil {
				return fmt.Errorf("writing %s: %w", filepath.Join(dir, e.Path), err)
			}
			return nil
		}
		if rank(e) != 1 {
			if err := write(); err != nil {
				return err
			}
			continue
		}
		g.Go(write)
	}
	return g.Wait()
}

// writers is how many files Write creates at once.
const writers = 4

// rank orders directories, then files, then links.
func rank(e layer.Entry) int {
	switch {
	case e.Mode.IsDir():
		return 0
	case e.Mode&fs.ModeSymlink != 0:
		return 2
	}
	return 1
}

func writeOne(dir, p string, e layer.Entry, linkFrom string) error {
	full := filepath.Join(dir, filepath.FromSlash(p))
	if err := noLinkAbove(dir, p); err != nil {
		return err
	}
	perm := e.Mode.Perm()
	switch {
	case e.Mode.IsDir():
		if err := os.MkdirAll(full, 0o755); err != nil {
			return err
		}
		return os.Chmod(full, perm|0o700)
	case e.Mode&fs.ModeSymlink != 0:
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		return os.Symlink(e.Link, full)
	}
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	if linkFrom != "" && os.Link(linkFrom, full) == nil {
		return os.Chmod(full, perm|0o600)
	}
	return writeFile(full, perm, e)
}

// noLinkAbove refuses a path whose parent directories include a
// symbolic link: links are made last, so one there was already in dir.
func noLinkAbove(dir, p string) error {
	cur := dir
	for _, part := range strings.Split(path.Dir(p), "/") {
		if part == "." {
			break
		}
		cur = filepath.Join(cur, part)
		fi, err := os.Lstat(cur)
		if os.IsNotExist(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			return fmt.Errorf("a parent directory is a symbolic link")
		}
	}
	return nil
}

func writeFile(full string, perm fs.FileMode, e layer.Entry) (err error) {
	if e.Open == nil {
		return fmt.Errorf("no content")
	}
	r, err := e.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm|0o600)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	n, err := io.Copy(f, r)
	if err != nil {
		return err
	}
	if n != e.Size {
		return fmt.Errorf("wrote %d bytes, want %d", n, e.Size)
	}
	return nil
}
