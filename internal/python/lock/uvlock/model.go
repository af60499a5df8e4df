package uvlock

import (
	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep440"
	"github.com/pyko-dev/pyko/internal/python/pep508"
)

// File is a parsed uv.lock. It implements lock.Lockfile.
type File struct {
	path     string
	requires pep440.Specifiers // requires-python; nil when absent
	// supported are [tool.uv] environments: when set, the target must
	// match one of them.
	supported []*pep508.Marker
	packages  []*pkg
	byName    map[string][]*pkg // by normalized name
	// roots are the packages the walk starts from: the project, or every
	// workspace member when the workspace root is not a project.
	roots []*pkg
	// requirements and groups are a non-project workspace root's own
	// requirements and dependency groups ([manifest]).
	requirements []*edge
	groups       map[string][]*edge
	hashes       bool
}

var _ lock.Lockfile = (*File)(nil)

// pkg is one [[package]] entry.
type pkg struct {
	name       string // normalized
	version    string
	source     sourceWire
	resolution []*pep508.Marker // resolution-markers; empty means always
	deps       []*edge
	extras     map[string][]*edge // optional-dependencies, by normalized extra
	groups     map[string][]*edge // dev-dependencies, by normalized group
	files      []lock.File
	// declaredExtras and declaredGroups are what a local package
	// declares, empty ones included (they have no edges).
	declaredExtras, declaredGroups map[string]bool
	// local is true for the project and workspace members (editable or
	// virtual sources): the build installs them itself, nothing is fetched.
	local bool
	// member is true for the workspace's own packages.
	member bool
}

// edge is one dependency of a package, a root requirement or a group entry.
type edge struct {
	name   string // normalized
	marker *pep508.Marker
	extras []string // normalized
	// candidates are the packages the edge may lead to: one when the lock
	// names the version (or only one package has the name), several when
	// a name-only lookup must be settled by resolution-markers.
	candidates []*pkg
}

// id names a package in messages: "flask 3.0.3", or with its source
// when one name is locked from several.
func (p *pkg) id() string {
	if p.version == "" {
		return p.name
	}
	return p.name + " " + p.version
}

// Path is the lockfile's path.
func (f *File) Path() string { return f.path }

// RequireHashes is true when the lock records a hash for any file: uv
// records one for every file it downloads, so every file must match.
func (f *File) RequireHashes() bool { return f.hashes }
