package resolve

import "github.com/pyko-dev/pyko/internal/apk"

// req is a requirement waiting in the solver's queue: a dependency of the
// world or of a selected package, or an install_if package to consider.
type req struct {
	dep    apk.Dependency
	parent int32 // position in solver.sel of the package that needs dep; -1 for the world
	// installIf marks a triggered install_if package: dep names it, cands
	// are its triggered versions and triggers the positions of the selected
	// packages that satisfy its atoms. It may be left out.
	installIf bool
	cands     []answer
	triggers  []int32
}

// selection is a selected package.
type selection struct {
	pkg   int32 // index into index.pkgs
	level int32 // the search depth that chose it
	req   int32 // the queue index of the requirement it was chosen for
}

// holder is a selected package answering to a name.
type holder struct {
	pos       int32 // position in solver.sel
	version   string
	versioned bool
}

// exclusion is an active conflict atom ("!name<2"), stored in its positive
// form, with the selected package that declared it (-1 for the world).
type exclusion struct {
	dep   apk.Dependency
	owner int32
}

// solver is the state of one resolution. Every change to it during the
// search is undone on backtracking: the slices are truncated, and the map
// entries recorded on the trail are popped.
type solver struct {
	ix       *index
	maxSteps int
	steps    int
	aborted  bool
	first    *Error // the first dead end met, reported if the search fails
	iifDepth int    // > 0 while trying an optional install_if package

	queue    []req
	sel      []selection
	holders  map[string][]holder    // name → selected packages answering to it
	excluded map[string][]exclusion // name → conflict atoms on it
	pending  map[string][]int32     // name → queue indexes of dependencies on it
	declined map[string]bool        // install_if packages left out
	trail    []undo
}

type undoKind uint8

const (
	undoHolder undoKind = iota
	undoExcluded
	undoPending
	undoDeclined
)

type undo struct {
	kind undoKind
	name string
}

type mark struct{ trail, queue, sel int }

func newSolver(ix *index, maxSteps int) *solver {
	return &solver{
		ix:       ix,
		maxSteps: maxSteps,
		holders:  map[string][]holder{},
		excluded: map[string][]exclusion{},
		pending:  map[string][]int32{},
		declined: map[string]bool{},
	}
}

func (s *solver) mark() mark { return mark{len(s.trail), len(s.queue), len(s.sel)} }

// undo returns the state to what it was at m.
func (s *solver) undo(m mark) {
	for i := len(s.trail) - 1; i >= m.trail; i-- {
		u := s.trail[i]
		switch u.kind {
		case undoHolder:
			s.holders[u.name] = dropLast(s.holders[u.name])
		case undoExcluded:
			s.excluded[u.name] = dropLast(s.excluded[u.name])
		case undoPending:
			s.pending[u.name] = dropLast(s.pending[u.name])
		case undoDeclined:
			delete(s.declined, u.name)
		}
	}
	s.trail = s.trail[:m.trail]
	s.queue = s.queue[:m.queue]
	s.sel = s.sel[:m.sel]
}

func dropLast[T any](l []T) []T { return l[:len(l)-1] }

// push queues a requirement; a dependency is also indexed by name so that
// candidates can be checked against it before it is reached.
func (s *solver) push(r req) {
	if !r.installIf {
		s.pending[r.dep.Name] = append(s.pending[r.dep.Name], int32(len(s.queue)))
		s.trail = append(s.trail, undo{undoPending, r.dep.Name})
	}
	s.queue = append(s.queue, r)
}

// exclude activates a conflict atom.
func (s *solver) exclude(d apk.Dependency, owner int32) {
	d.Conflict = false
	s.excluded[d.Name] = append(s.excluded[d.Name], exclusion{d, owner})
	s.trail = append(s.trail, undo{undoExcluded, d.Name})
}

// choose selects package i for the requirement at queue index qi: it takes
// every name i answers to, activates its conflicts and queues its
// dependencies.
func (s *solver) choose(i int32, qi int, level int32) {
	pos := int32(len(s.sel))
	s.sel = append(s.sel, selection{pkg: i, level: level, req: int32(qi)})
	p := s.ix.pkgs[i]
	for k := range numNames(p) {
		name, version, versioned := nameAt(p, k)
		s.holders[name] = append(s.holders[name], holder{pos, version, versioned})
		s.trail = append(s.trail, undo{undoHolder, name})
	}
	for _, d := range p.Depends {
		if d.Conflict {
			s.exclude(d, pos)
		} else {
			s.push(req{dep: d, parent: pos})
		}
	}
}

// decline leaves an install_if package out for the rest of this branch.
func (s *solver) decline(name string) {
	s.declined[name] = true
	s.trail = append(s.trail, undo{undoDeclined, name})
}

// satisfiedBy returns the first selected package that meets d, or -1.
func (s *solver) satisfiedBy(d apk.Dependency) int32 {
	for _, h := range s.holders[d.Name] {
		if matches(d, h.version, h.versioned) {
			return h.pos
		}
	}
	return -1
}

// levelOf is the search depth that selected the package at pos; -1 (the
// world) has none.
func (s *solver) levelOf(pos int32) int32 {
	if pos < 0 {
		return -1
	}
	return s.sel[pos].level
}
