package lock

import "github.com/pyko-dev/pyko/internal/python/pep508"

// File is one artifact of a distribution: a wheel or an sdist.
type File struct {
	// Filename is the file's name, e.g. "flask-3.0.3-py3-none-any.whl".
	Filename string
	// URL is where to fetch it; empty when the lock names only the file
	// (then the index is asked).
	URL string
	// SHA256 is the hex digest the lock records; empty when it records none.
	SHA256 string
	// Hashes are the file's other digests the lock records, by algorithm
	// ("sha384", "sha512"), lowercase hex; nil when it records none.
	Hashes map[string]string
	// Size in bytes; 0 when unknown.
	Size int64
}

// Package is one pinned distribution.
type Package struct {
	// Name is PEP 503-normalized.
	Name string
	// Version is the exact version, as the lock writes it.
	Version string
	// Files are the artifacts the lock lists; empty when it lists none
	// (requirements.txt without --hash, say): then the index is asked.
	Files []File
	// Hashes are acceptable digests when the lock gives hashes but no file
	// names (requirements.txt --hash): sha256 ones as bare lowercase hex,
	// sha384 and sha512 ones as "sha384:<hex>" (see Pin and SplitPin). A
	// file is acceptable when, for each algorithm of which its digest is
	// known, that digest is among those of its algorithm.
	Hashes []string
	// Index is the index URL the lock says the package comes from, if any.
	Index string
	// Source says where in the lockfile the package is pinned, for error
	// messages: "requirements.txt line 12", "uv.lock package flask".
	Source string
	// Built is set for a package the lock pins to a local directory or a
	// git commit rather than to files: it is built from there.
	Built *Built
}

// Kinds of Built.
const (
	BuiltDirectory = "directory"
	BuiltGit       = "git"
)

// Built is a package's source when it is built from a local directory
// (a path dependency, a workspace member) or a git commit.
type Built struct {
	Kind string
	// Dir is the directory's absolute path on the host (BuiltDirectory).
	Dir string
	// URL is the repository (credentials allowed: they are redacted
	// wherever shown), Commit the full hex commit that pins it, and
	// Subdirectory where the project is inside it (BuiltGit).
	URL, Commit, Subdirectory string
}

// Indexes are the package indexes a lockfile names.
type Indexes struct {
	IndexURL       string   // --index-url; "" means the default
	ExtraIndexURLs []string // --extra-index-url
	FindLinks      []string // --find-links
}

// Options select what is installed from a lockfile.
type Options struct {
	// Groups are dependency groups to include besides the main ones
	// (--group); Extras are the project's extras (--extra).
	Groups, Extras []string
}

// Lockfile is a parsed lockfile, not yet evaluated for an environment.
type Lockfile interface {
	// Path is the file it was read from.
	Path() string
	// Indexes are the indexes the file names.
	Indexes() Indexes
	// Select returns the packages to install for env, in a deterministic
	// order (sorted by name). Markers are evaluated against env; extras and
	// groups follow opts. It is an error when a package is not pinned to
	// one version, naming the line or entry and how to lock it.
	Select(env pep508.Environment, opts Options) ([]Package, error)
	// RequireHashes is true when every package must match a hash
	// (requirements.txt with any --hash, and every graph lockfile that
	// records hashes).
	RequireHashes() bool
}
