package poetry

import (
	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep508"
)

// File is a parsed poetry.lock with the project requirements of its
// pyproject.toml. It implements lock.Lockfile.
type File struct {
	path    string
	dir     string              // where relative file sources are
	python  constraint          // [metadata] python-versions
	pyText  string              // the same, as written
	byName  map[string][]*pkg   // by normalized name
	project project             // from pyproject.toml
	extras  map[string][]string // the lock's [extras]: extra → names
	indexes lock.Indexes        // from [[tool.poetry.source]]
	hashes  bool
}

var _ lock.Lockfile = (*File)(nil)

// pkg is one [[package]] entry.
type pkg struct {
	name    string // normalized
	version string
	python  constraint // python-versions
	// markers (lock-version 2.1) by group; key "" when one marker holds
	// for every group. Only used to choose between versions of one name.
	markers map[string]*pep508.Marker
	deps    []*dep            // [package.dependencies], optional ones too
	extras  map[string][]*dep // what each extra adds, from [package.extras]
	files   []lock.File
	source  *sourceWire
}

// project holds the project's requirements.
type project struct {
	name   string
	main   []*dep
	extras map[string][]*dep // by normalized extra
	groups map[string][]*dep // by normalized group
}

// id names a package in messages.
func (p *pkg) id() string { return p.name + " " + p.version }

// Path is the lockfile's path.
func (f *File) Path() string { return f.path }

// Indexes are the project's [[tool.poetry.source]] entries: the first
// primary (or default) source is the index, other primary and supplemental
// sources extra indexes. Explicit sources serve only the packages locked
// to them, which carry their index in Package.Index.
func (f *File) Indexes() lock.Indexes { return f.indexes }

// RequireHashes is true when the lock records hashes: Poetry records one
// for every file.
func (f *File) RequireHashes() bool { return f.hashes }
