package resolve

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/pyko-dev/pyko/internal/apk"
)

// Resolve returns the complete, deterministic set of packages that world
// needs, from the available packages (all repositories, one arch), in
// install order (dependencies before dependents; ties broken by name).
//
// A world entry is "name", "name<op>version" or "!name" (the name must not
// be installed). The world's order does not matter, nor does the order of
// available. A failure is an *Error naming the chain from the world entry
// to the requirement that cannot be met.
func Resolve(world []apk.Dependency, available []*apk.Package, opts ...Option) ([]*apk.Package, error) {
	o := options{maxSteps: DefaultMaxSteps}
	for _, opt := range opts {
		opt(&o)
	}
	s := newSolver(newIndex(available, o.arch), o.maxSteps)

	// apk-tools sorts the world too: the same set, written in any order,
	// resolves the same.
	world = slices.Clone(world)
	slices.SortFunc(world, func(a, b apk.Dependency) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.String(), b.String()))
	})
	world = slices.CompactFunc(world, func(a, b apk.Dependency) bool { return a == b })
	for _, d := range world {
		if d.Conflict {
			s.exclude(d, -1)
		} else {
			s.push(req{dep: d, parent: -1})
		}
	}

	if ok, _ := s.search(0, 0); !ok {
		return nil, s.failure()
	}
	return s.installOrder(), nil
}

// failure is the error for a search that found no consistent set: the first
// dead end it met, which is where the preferred choices lead.
func (s *solver) failure() *Error {
	e := s.first
	switch {
	case s.aborted && e == nil:
		e = &Error{Reason: fmt.Sprintf("gave up after trying %d candidates (see WithMaxSteps)", s.maxSteps)}
	case s.aborted:
		e.Reason += fmt.Sprintf("; gave up after trying %d candidates for another way (see WithMaxSteps)", s.maxSteps)
	case e == nil:
		e = &Error{Reason: "no consistent set of packages exists"}
	}
	return e
}
