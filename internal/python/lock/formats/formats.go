// Package formats is the set of lockfile formats pyko reads, in the
// default search order. It is not part of package lock because every
// format's reader imports lock. A new format is a subpackage of lock with
// an Open of type lock.OpenFunc, and a line in All.
package formats

import (
	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/lock/pipfile"
	"github.com/pyko-dev/pyko/internal/python/lock/poetry"
	"github.com/pyko-dev/pyko/internal/python/lock/pylock"
	"github.com/pyko-dev/pyko/internal/python/lock/requirements"
	"github.com/pyko-dev/pyko/internal/python/lock/uvlock"
)

// All returns the formats pyko reads, in the default search order: the
// standard pylock.toml first, then the tools' own lockfiles, then plain
// requirements, which also opens any file no other format claims.
func All() []lock.Format {
	return []lock.Format{
		{Name: "pylock", Files: []string{"pylock.toml"}, Patterns: []string{"pylock.*.toml"}, Priority: 10, Open: pylock.Open},
		{Name: "uv", Files: []string{"uv.lock"}, Priority: 20, Open: uvlock.Open},
		{Name: "poetry", Files: []string{"poetry.lock"}, Priority: 30, Open: poetry.Open},
		{Name: "pipfile", Files: []string{"Pipfile.lock"}, Priority: 40, Open: pipfile.Open},
		{Name: "requirements", Files: []string{"requirements.txt", "requirements.in"}, Priority: 50, Fallback: true, Open: requirements.Open},
	}
}

// Registry returns a registry of All.
func Registry() *lock.Registry {
	r, err := lock.NewRegistry(All()...)
	if err != nil {
		panic(err) // All is fixed, and TestRegistry builds it
	}
	return r
}
