package install

import (
	"io/fs"
	"log/slog"
)

// GeneratedOwner is the pseudo-package that owns the files Finish writes, so
// that they land in a layer of their own.
const GeneratedOwner = "pyko"

// Tree is an image root being assembled from packages. It is not safe for
// concurrent use.
type Tree struct {
	blobs   *blobStore
	log     *slog.Logger
	maxSize int64

	// nodes maps a canonical path (relative, no symlinks in it; "" is the
	// root) to what is there.
	nodes map[string]*node
	pkgs  []*pkgRecord
	// byName finds an installed package's record.
	byName   map[string]*pkgRecord
	finished bool
}

type kind uint8

const (
	kindDir kind = iota
	kindFile
	kindSymlink
)

// node is one file, directory or symlink of the tree.
type node struct {
	kind     kind
	perm     fs.FileMode // permission bits with setuid, setgid and sticky
	uid, gid int
	link     string // symlink target
	blob     *blob  // regular file content
	owner    string // package name, or GeneratedOwner
	// implicit marks a directory made because a path needed it, not named
	// by any tar: the first explicit entry for it sets its metadata.
	implicit bool
	// rec is the file's line in its owner's installed-database record; nil
	// for directories and generated files.
	rec *dbFile
}

// New returns an empty tree whose file contents go to tempDir, which the
// caller owns and removes (after the layers are written: Entries' openers
// read from it), and closes with Close.
func New(tempDir string, opts ...Option) *Tree {
	o := options{log: slog.New(slog.DiscardHandler), maxFileSize: DefaultMaxFileSize}
	for _, opt := range opts {
		opt(&o)
	}
	return &Tree{
		blobs:   newBlobStore(tempDir),
		log:     o.log,
		maxSize: o.maxFileSize,
		nodes:   map[string]*node{"": {kind: kindDir, perm: 0o755}},
		byName:  map[string]*pkgRecord{},
	}
}

// Close closes the files the tree keeps open to read its contents;
// Entries' openers fail after it.
func (t *Tree) Close() error { return t.blobs.close() }
