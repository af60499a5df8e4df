package pylock

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep440"
	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/python/pep508"
)

// File is a parsed pylock.toml. It implements lock.Lockfile.
type File struct {
	path         string
	requires     pep440.Specifiers // nil when absent
	environments []*pep508.Marker
	// extras and groups are what a user may ask for; defaults are the
	// groups installed when none is asked for.
	extras, groups, defaults []string
	entries                  []*entry
	indexes                  lock.Indexes
	pyko                     PykoInputs
}

// Pyko is the [tool.pyko] table: set when pyko lock wrote the file.
func (f *File) Pyko() PykoInputs { return f.pyko }

// Pins are the versions the lock pins, by name (the first entry of a name
// that has several).
func (f *File) Pins() map[string]string {
	out := map[string]string{}
	for _, e := range f.entries {
		if _, ok := out[e.name]; !ok && e.version != "" {
			out[e.name] = e.version
		}
	}
	return out
}

var _ lock.Lockfile = (*File)(nil)

// Parse reads the pylock.toml at path. The project's pyproject.toml is not
// needed: the lock says everything.
func Parse(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading pylock.toml: %w", err)
	}
	return parse(path, data)
}

// Open is Parse as a lock.OpenFunc; the pyproject is not needed.
func Open(_ context.Context, in lock.Input) (lock.Lockfile, error) {
	f, err := Parse(in.Path)
	if err != nil {
		return nil, err
	}
	return f, nil
}

func parse(path string, data []byte) (*File, error) {
	var w lockWire
	if err := toml.Unmarshal(data, &w); err != nil {
		var derr *toml.DecodeError
		if errors.As(err, &derr) {
			row, _ := derr.Position()
			return nil, fmt.Errorf("parsing %s line %d: %w", path, row, err)
		}
		return nil, fmt.Errorf("parsing %s: %w", path, err)
	}
	if err := checkVersion(path, w.LockVersion); err != nil {
		return nil, err
	}
	f := &File{path: path, extras: normalizeAll(w.Extras), groups: normalizeAll(w.DependencyGroups), defaults: normalizeAll(w.DefaultGroups)}
	if w.RequiresPython != "" {
		spec, err := pep440.ParseSpecifiers(w.RequiresPython)
		if err != nil {
			return nil, fmt.Errorf("parsing %s requires-python %q: %w", path, w.RequiresPython, err)
		}
		f.requires = spec
	}
	for _, s := range w.Environments {
		m, err := pep508.ParseMarker(s)
		if err != nil {
			return nil, fmt.Errorf("parsing %s environments %q: %w", path, s, err)
		}
		f.environments = append(f.environments, m)
	}
	dir := filepath.Dir(path)
	for i := range w.Packages {
		e, err := newEntry(dir, i, &w.Packages[i])
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", path, err)
		}
		f.entries = append(f.entries, e)
	}
	f.indexes = indexes(w.Packages)
	f.pyko = w.Tool.Pyko
	return f, nil
}

// checkVersion accepts lock-version 1.x: the specification says a tool
// MUST raise an error for a major version it does not support.
func checkVersion(path, v string) error {
	major, _, _ := strings.Cut(v, ".")
	switch major {
	case "1":
		return nil
	case "":
		return fmt.Errorf("reading %s: no lock-version: this is not a pylock.toml; re-export it (`uv export --format pylock.toml`, `pip lock`)", path)
	}
	return fmt.Errorf("reading %s: pylock.toml lock-version %s is newer than this pyko reads (1.x): "+
		"upgrade pyko, or export a lock-version 1.0 file with your locker", path, v)
}

// Path is the lockfile's path.
func (f *File) Path() string { return f.path }

// Indexes lists the indexes the packages name: PyPI (or else the first)
// as the index, the others as extra indexes. Files carry their URLs, so
// the indexes only matter for a URL that no longer answers.
func (f *File) Indexes() lock.Indexes { return f.indexes }

// RequireHashes is true: the specification requires a hash for every file.
func (f *File) RequireHashes() bool { return true }

func normalizeAll(names []string) []string {
	out := make([]string, 0, len(names))
	for _, n := range names {
		out = append(out, pep503.Normalize(n))
	}
	return out
}
