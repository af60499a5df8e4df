package lock

import (
	"context"
	"log/slog"
	"path"
	"slices"
)

// Input is what a reader is given to open a lockfile.
type Input struct {
	// Path is the lockfile.
	Path string
	// Pyproject is the project's pyproject.toml, for the formats that do
	// not record which packages the project itself needs (uv.lock,
	// poetry.lock); "" when there is none. Other formats ignore it.
	Pyproject string
	// Log receives what a reader warns about (an ignored option, say).
	// Nil: the reader's default.
	Log *slog.Logger
}

// OpenFunc reads and parses one lockfile. Every format's reader has this
// signature; the errors it returns name the file.
type OpenFunc func(ctx context.Context, in Input) (Lockfile, error)

// Format describes one kind of lockfile: which file names it claims, where
// it comes in the default search order, and how to open it.
type Format struct {
	// Name names the format in messages, e.g. "uv" or "requirements".
	Name string
	// Files are the exact file names the format claims, e.g. "uv.lock".
	// The default search (Registry.Find) looks for them, in this order.
	Files []string
	// Patterns are path.Match patterns of further names the format claims
	// when a lockfile is given explicitly, e.g. PEP 751's "pylock.*.toml".
	// The default search does not look for them.
	Patterns []string
	// Priority places the format in the default search order: lower
	// first. No two formats of a registry share one.
	Priority int
	// Fallback makes the format open the files no format claims by name
	// (requirements files are named freely: requirements-prod.txt,
	// reqs/base.in). At most one format of a registry is the fallback.
	Fallback bool
	// Open reads a lockfile of this format.
	Open OpenFunc
}

// claims reports whether base, a file name without directory, is one of
// f's exact names (exact) or matches one of its patterns (pattern).
func (f Format) claims(base string) (exact, pattern bool) {
	if slices.Contains(f.Files, base) {
		return true, false
	}
	for _, p := range f.Patterns {
		if ok, _ := path.Match(p, base); ok {
			return false, true
		}
	}
	return false, false
}

// clone is f with its own copies of Files and Patterns.
func (f Format) clone() Format {
	f.Files, f.Patterns = slices.Clone(f.Files), slices.Clone(f.Patterns)
	return f
}
