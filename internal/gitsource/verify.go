package gitsource

import (
	"fmt"
	"io"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// corruptError is a cached object whose content does not hash to its id.
type corruptError struct {
	kind plumbing.ObjectType
	id   plumbing.Hash
	got  plumbing.Hash
}

func (e *corruptError) Error() string {
	return fmt.Sprintf("git %s %s hashes to %s", e.kind, e.id, e.got)
}

// verifier checks objects of a (cached) repository against their ids:
// the commit pins the tree, which pins every file, but only if the bytes
// read are the ones hashed.
type verifier struct {
	s storer.EncodedObjectStorer
}

// check re-hashes the object id of type kind as git does.
func (v verifier) check(kind plumbing.ObjectType, id plumbing.Hash) error {
	// After the fetch, the commit's objects are all in the clone: one
	// that cannot be read is as damaged as one that hashes wrong.
	obj, err := v.s.EncodedObject(kind, id)
	if err != nil {
		return &corruptError{kind: kind, id: id}
	}
	r, err := obj.Reader()
	if err != nil {
		return &corruptError{kind: kind, id: id}
	}
	defer r.Close()
	h := plumbing.NewHasher(kind, obj.Size())
	if _, err := io.Copy(h, r); err != nil {
		return &corruptError{kind: kind, id: id}
	}
	got := h.Sum()
	if got != id {
		return &corruptError{kind: kind, id: id, got: got}
	}
	return nil
}

// blob copies the blob id to w, hashing what it copies: a blob that
// does not hash to its id is an error (w then holds bytes to discard).
func (v verifier) blob(id plumbing.Hash, w io.Writer) error {
	obj, err := v.s.EncodedObject(plumbing.BlobObject, id)
	if err != nil {
		return &corruptError{kind: plumbing.BlobObject, id: id}
	}
	r, err := obj.Reader()
	if err != nil {
		return &corruptError{kind: plumbing.BlobObject, id: id}
	}
	defer r.Close()
	h := plumbing.NewHasher(plumbing.BlobObject, obj.Size())
	if _, err := io.Copy(io.MultiWriter(h, w), r); err != nil {
		return err
	}
	if got := h.Sum(); got != id {
		return &corruptError{kind: plumbing.BlobObject, id: id, got: got}
	}
	return nil
}
