package pubgrub

import (
	"context"
	"errors"
)

// Source tells the solver about packages. It is asked about each package
// and version once.
type Source interface {
	// Versions lists pkg's versions, most preferred first. An
	// *Unavailable error means pkg has none to offer (an unknown name);
	// any other error stops the solve.
	Versions(ctx context.Context, pkg string) ([]string, error)
	// Dependencies lists what pkg at version needs. An *Unavailable error
	// rules that version out; any other error stops the solve.
	Dependencies(ctx context.Context, pkg, version string) ([]Dependency, error)
}

// Dependency is one requirement of a package version.
type Dependency struct {
	Package string
	// Allows reports whether a version of Package satisfies the
	// requirement.
	Allows func(version string) bool
	// Text is the requirement as a person wrote it (">=2.0"), for
	// explanations; empty for any version.
	Text string
	// Constraint only limits Package's version if something else selects
	// it (pip's -c constraints files); it does not select it.
	Constraint bool
}

// Unavailable says why a package or one of its versions cannot be used:
// "not found on the index", "no wheel for this platform".
type Unavailable struct{ Reason string }

func (e *Unavailable) Error() string { return e.Reason }

func unavailable(err error) (string, bool) {
	var u *Unavailable
	if errors.As(err, &u) {
		return u.Reason, true
	}
	return "", false
}
