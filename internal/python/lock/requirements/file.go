package requirements

import (
	"slices"

	"github.com/pyko-dev/pyko/internal/python/lock"
)

// File is a parsed requirements file with the files it includes. It is a
// lock.Lockfile.
type File struct {
	path          string
	indexes       lock.Indexes
	noIndex       bool
	requireHashes bool
	hashesFrom    string // the first line with --hash or --require-hashes
	// reqs and constraints are in reading order, an included file's lines
	// in place of the line including it.
	reqs, constraints []requirement
}

var _ lock.Lockfile = (*File)(nil)

// Path is the path given to Parse.
func (f *File) Path() string { return f.path }

// Indexes are the files' --index-url (the last one given), every
// --extra-index-url, and every --find-links, a relative path made absolute
// from the directory of the file that names it (a URL is kept as is).
// Index URLs are kept with their credentials, ${VAR} expanded.
func (f *File) Indexes() lock.Indexes {
	return lock.Indexes{
		IndexURL:       f.indexes.IndexURL,
		ExtraIndexURLs: slices.Clone(f.indexes.ExtraIndexURLs),
		FindLinks:      slices.Clone(f.indexes.FindLinks),
	}
}

// NoIndex reports --no-index: no package index is to be asked, only the
// --find-links locations. Indexes still returns the index URLs the files
// name, which pip ignores in that case.
func (f *File) NoIndex() bool { return f.noIndex }

// RequireHashes is true when any line has --hash or --require-hashes: then
// every selected requirement must have a sha256 hash, as in pip.
func (f *File) RequireHashes() bool { return f.requireHashes }
