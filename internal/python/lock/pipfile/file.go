package pipfile

import (
	"fmt"
	"slices"
	"sort"

	"github.com/pyko-dev/pyko/internal/python/lock"
)

// File is a parsed Pipfile.lock. It is a lock.Lockfile.
type File struct {
	path, name    string
	sources       []string // URLs, variables expanded
	categories    map[string][]entry
	requireHashes bool
}

var _ lock.Lockfile = (*File)(nil)

// Path is the path given to Parse.
func (f *File) Path() string { return f.path }

// Indexes are the lock's sources: the first is the index URL, the others
// extra index URLs, as pipenv hands them to pip. A package whose entry
// names a source carries that source's URL in Package.Index.
func (f *File) Indexes() lock.Indexes {
	var idx lock.Indexes
	if len(f.sources) > 0 {
		idx.IndexURL = f.sources[0]
		idx.ExtraIndexURLs = slices.Clone(f.sources[1:])
	}
	return idx
}

// RequireHashes is true when every entry of every category has a sha256
// hash, as pipenv writes them for packages from an index.
func (f *File) RequireHashes() bool { return f.requireHashes }

// Categories are the lock's categories, sorted: "default", "develop" and
// custom ones.
func (f *File) Categories() []string {
	cats := make([]string, 0, len(f.categories))
	for c := range f.categories {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	return cats
}

// EntryError is an error in one package entry of a Pipfile.lock.
type EntryError struct {
	File, Category, Name string
	Err                  error
}

func (e *EntryError) Error() string {
	return fmt.Sprintf("%s %s %s: %v", e.File, e.Category, e.Name, e.Err)
}

func (e *EntryError) Unwrap() error { return e.Err }
