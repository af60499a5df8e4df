package publish

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/sync/errgroup"

	"github.com/pyko-dev/pyko/internal/atomicfile"
	"github.com/pyko-dev/pyko/internal/imageref"
)

// layoutPublisher writes an OCI image layout directory (oci:DIR[:TAG]).
type layoutPublisher struct {
	dir string
	tag string
	o   options
	// undo is what Retract does to an existing layout's index.json: set
	// by a Publish that added to one.
	undo *retraction
}

func (p *layoutPublisher) String() string {
	return imageref.Ref{Kind: imageref.OCILayout, Path: p.dir, Tag: p.tag}.String()
}

// Publish adds r to the layout at DIR, creating it if needed. A new layout is
// built in a sibling DIR.tmp-* directory and renamed into place; an existing
// one gets its blobs first, then an index.json replaced in one rename. All of
// it happens under a lock on DIR's parent directory, so builds writing to one
// layout at once each add their tag to the index.json the one before wrote.
func (p *layoutPublisher) Publish(ctx context.Context, r Result) error {
	dir := filepath.Clean(p.dir)
	if err := underLock(ctx, p.o.logger, dir, func() error { return p.publish(ctx, dir, r) }); err != nil {
		return fmt.Errorf("writing OCI layout %s: %w", dir, err)
	}
	p.o.logger.InfoContext(ctx, "wrote OCI layout", "dir", dir, "tag", p.tag)
	return nil
}

func (p *layoutPublisher) publish(ctx context.Context, dir string, r Result) error {
	blobs, err := collectBlobs(r)
	if err != nil {
		return err
	}
	desc, err := describe(r, p.tag)
	if err != nil {
		return err
	}
	exists, err := isLayout(dir)
	if err != nil {
		return err
	}
	if !exists {
		return createLayout(ctx, dir, blobs, func(x *layoutIndex) { x.put(desc) }, p.o.jobs)
	}
	idx, err := readLayoutIndex(filepath.Join(dir, "index.json"))
	if err != nil {
		return err
	}
	if err := writeBlobs(ctx, dir, blobs, p.o.jobs); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(dir, "oci-layout")); errors.Is(err, fs.ErrNotExist) {
		if err := writeBytesAtomic(ctx, filepath.Join(dir, "oci-layout"), []byte(ociLayoutFile)); err != nil {
			return err
		}
	}
	p.undo = idx.retraction(desc)
	idx.put(desc)
	data, err := idx.marshal()
	if err != nil {
		return err
	}
	return writeBytesAtomic(ctx, filepath.Join(dir, "index.json"), data)
}

// isLayout reports whether dir holds an OCI layout. A missing or empty dir is
// not one (an empty dir is removed so that a new layout can take its place);
// anything else without an index.json is an error.
func isLayout(dir string) (bool, error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, err
	case len(entries) == 0:
		return false, os.Remove(dir)
	}
	if _, err := os.Stat(filepath.Join(dir, "index.json")); err != nil {
		return false, fmt.Errorf("%s is not empty and has no index.json: not an OCI layout", dir)
	}
	return true, nil
}

// createLayout builds a new layout in a temporary sibling of dir and renames
// it to dir; the temporary directory is removed on error.
func createLayout(ctx context.Context, dir string, blobs []blob, fill func(*layoutIndex), jobs int) (err error) {
	parent, base := filepath.Split(dir)
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, base+".tmp-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := writeBlobs(ctx, tmp, blobs, jobs); err != nil {
		return err
	}
	idx := newLayoutIndex()
	fill(idx)
	data, err := idx.marshal()
	if err != nil {
		return err
	}
	if err := writeBytesAtomic(ctx, filepath.Join(tmp, "index.json"), data); err != nil {
		return err
	}
	if err := writeBytesAtomic(ctx, filepath.Join(tmp, "oci-layout"), []byte(ociLayoutFile)); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		return err
	}
	return atomicfile.SyncDir(parent)
}

// writeBlobs writes blobs to dir/blobs/<alg>/<hex>, jobs at a time, each
// through a temporary file. A blob already present is kept only if its bytes
// have its digest: a file of the right size with other bytes (a disk fault,
// a hand edit) would make the written image unreadable.
func writeBlobs(ctx context.Context, dir string, blobs []blob, jobs int) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(jobs)
	for _, b := range blobs {
		algDir := filepath.Join(dir, "blobs", b.digest.Algorithm)
		path := filepath.Join(algDir, b.digest.Hex)
		fi, err := os.Stat(path)
		present := err == nil && fi.Mode().IsRegular() && fi.Size() == b.size
		g.Go(func() error {
			if present && hasDigest(path, b.digest) {
				return nil
			}
			if err := os.MkdirAll(algDir, 0o755); err != nil {
				return err
			}
			return writeFileAtomic(ctx, path, func(w io.Writer) error { return copyBlob(w, b) })
		})
	}
	return g.Wait()
}

func writeBytesAtomic(ctx context.Context, path string, data []byte) error {
	return writeFileAtomic(ctx, path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
