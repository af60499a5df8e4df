package install

import (
	"archive/tar"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/pyko-dev/pyko/internal/apk"
)

// Staged is one package's data tar read ahead of its turn: its entries'
// headers, and each regular file's content already in the tree's store.
// AddStaged applies it.
type Staged struct {
	pkg     *apk.Package
	entries []stagedEntry
}

type stagedEntry struct {
	hdr  *tar.Header
	blob *blob // a regular file's content; nil for the other entries
}

// Stage reads a package's data tar and stores its file contents, without
// touching the tree: the part of installing that costs (decompressing,
// hashing and writing the bytes) can then run for every package at once,
// while AddStaged applies them in install order. Stage may be called from
// several goroutines at once, but not while Add, AddStaged or Finish run.
func (t *Tree) Stage(ctx context.Context, pkg *apk.Package, data io.Reader) (*Staged, error) {
	if pkg == nil || pkg.Name == "" {
		return nil, errors.New("staging a package without a name")
	}
	st := &Staged{pkg: pkg}
	var p pack // this package's contents go to a pack of its own
	tr := tar.NewReader(data)
	for {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("installing %s: %w", pkg.ID(), err)
		}
		hdr, err := tr.Next()
		if err == io.EOF {
			return st, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading the data tar of %s: %w", pkg.ID(), err)
		}
		e := stagedEntry{hdr: hdr}
		if hdr.Typeflag == tar.TypeReg {
			if err := t.checkSize(hdr); err != nil {
				return nil, &PathError{Package: pkg.ID(), Path: hdr.Name, Err: err}
			}
			if e.blob, err = t.blobs.putIn(&p, tr, hdr.Size); err != nil {
				return nil, &PathError{Package: pkg.ID(), Path: hdr.Name, Err: err}
			}
		}
		st.entries = append(st.entries, e)
	}
}

// Package is the package staged.
func (st *Staged) Package() *apk.Package { return st.pkg }

// AddStaged applies a staged package as Add would have: packages must come
// in install order, and after an error the tree must be discarded.
func (t *Tree) AddStaged(ctx context.Context, st *Staged) error {
	rec, err := t.record(st.pkg)
	if err != nil {
		return err
	}
	for _, e := range st.entries {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("installing %s: %w", st.pkg.ID(), err)
		}
		content := func() (*blob, error) { return e.blob, nil }
		if err := t.addEntry(rec, e.hdr, content); err != nil {
			return err
		}
	}
	return nil
}
