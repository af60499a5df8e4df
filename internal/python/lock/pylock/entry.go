package pylock

import (
	"fmt"
	"maps"
	"path"
	"path/filepath"
	"slices"

	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep440"
	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/python/pep508"
)

// entry is one [[packages]] entry.
type entry struct {
	where    string // "packages[3] (flask)", for messages
	name     string // normalized
	version  string
	marker   *pep508.Marker
	requires pep440.Specifiers
	index    string
	files    []lock.File // archive, or wheels then sdist
	vcs      *vcsWire
	dir      *dirWire
}

func newEntry(dir string, i int, w *packageWire) (*entry, error) {
	e := &entry{where: fmt.Sprintf("packages[%d] (%s)", i, w.Name), name: pep503.Normalize(w.Name), version: w.Version, index: w.Index}
	if w.Name == "" {
		return nil, fmt.Errorf("%s: no name", e.where)
	}
	if w.Marker != "" {
		m, err := pep508.ParseMarker(w.Marker)
		if err != nil {
			return nil, fmt.Errorf("%s: parsing marker %q: %w", e.where, w.Marker, err)
		}
		e.marker = m
	}
	if w.RequiresPython != "" {
		spec, err := pep440.ParseSpecifiers(w.RequiresPython)
		if err != nil {
			return nil, fmt.Errorf("%s: parsing requires-python %q: %w", e.where, w.RequiresPython, err)
		}
		e.requires = spec
	}
	// The sources are mutually exclusive, except sdist with wheels.
	kinds := 0
	for _, set := range []bool{w.VCS != nil, w.Directory != nil, w.Archive != nil, w.Sdist != nil || len(w.Wheels) > 0} {
		if set {
			kinds++
		}
	}
	if kinds != 1 {
		return nil, fmt.Errorf("%s: want exactly one source (vcs, directory, archive, or sdist and wheels), have %d", e.where, kinds)
	}
	e.vcs, e.dir = w.VCS, w.Directory
	files := w.Wheels
	switch {
	case w.Archive != nil:
		files = []fileWire{*w.Archive}
	case w.Sdist != nil:
		files = append(files[:len(files):len(files)], *w.Sdist)
	}
	for _, fw := range files {
		a, err := artifact(dir, fw)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.where, err)
		}
		e.files = append(e.files, a)
	}
	return e, nil
}

// artifact converts a file entry; local paths are relative to the lock's
// directory and become file: URLs.
func artifact(dir string, fw fileWire) (lock.File, error) {
	a := lock.File{Filename: fw.Name, Size: fw.Size}
	switch {
	case fw.URL != "":
		a.URL = fw.URL
		if a.Filename == "" {
			a.Filename = lock.FileName(fw.URL)
		}
	case fw.Path != "":
		a.URL = lock.FileURL(dir, fw.Path)
		if a.Filename == "" {
			a.Filename = path.Base(filepath.ToSlash(fw.Path))
		}
	default:
		return a, fmt.Errorf("file %s has neither url nor path", fw.Name)
	}
	if len(fw.Hashes) == 0 {
		return a, fmt.Errorf("file %s has no hashes: the specification requires one; re-export the lock", a.Filename)
	}
	for _, alg := range slices.Sorted(maps.Keys(fw.Hashes)) {
		if err := a.SetHash(alg + ":" + fw.Hashes[alg]); err != nil {
			return a, fmt.Errorf("file %s: %w", a.Filename, err)
		}
	}
	return a, nil
}
