package pubgrub

import (
	"context"
	"fmt"
	"strconv"
)

// maxSteps bounds a solve: decisions plus conflicts.
const maxSteps = 200_000

// solver is the state of one Solve.
type solver struct {
	src   Source
	root  string
	pkgs  map[string]*pkgInfo
	order []string // packages in the order first met, for ties
	byPkg map[string][]*incompat
	ps    *partial
	steps int
	// added holds the incompatibilities from each version's dependencies,
	// by "pkg\x00index": they outlive backtracking, and the Source is
	// asked once.
	added map[string][]*incompat
}

// pkgInfo is what the Source said of a package.
type pkgInfo struct {
	versions []string
	missing  string // why it has no versions, if the Source said
}

// Solve picks a version of root's every dependency, transitively, and
// returns the selection (root included) by package name. If none exists,
// the error is a *NoSolution whose Error() explains why.
func Solve(ctx context.Context, src Source, root, version string) (map[string]string, error) {
	s := &solver{src: src, root: root, pkgs: map[string]*pkgInfo{}, byPkg: map[string][]*incompat{}, ps: newPartial(), added: map[string][]*incompat{}}
	s.pkgs[root] = &pkgInfo{versions: []string{version}}
	s.order = append(s.order, root)
	s.addIncompat(newIncompat(kindRoot, term{pkg: root, set: versionsOf(1, 0).not()}))
	next := root
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := s.propagate(next); err != nil {
			return nil, err
		}
		pkg, done, err := s.decide(ctx)
		if err != nil {
			return nil, err
		}
		if done {
			return s.selection(), nil
		}
		next = pkg
	}
}

func (s *solver) selection() map[string]string {
	out := map[string]string{}
	for pkg, v := range s.ps.decided {
		out[pkg] = s.pkgs[pkg].versions[v]
	}
	return out
}

func (s *solver) addIncompat(ic *incompat) {
	if ic == nil {
		return
	}
	for _, t := range ic.terms {
		s.byPkg[t.pkg] = append(s.byPkg[t.pkg], ic)
	}
}

// info returns what the Source says of pkg, asking it the first time.
func (s *solver) info(ctx context.Context, pkg string) (*pkgInfo, error) {
	if in, ok := s.pkgs[pkg]; ok {
		return in, nil
	}
	vs, err := s.src.Versions(ctx, pkg)
	in := &pkgInfo{versions: vs}
	if err != nil {
		reason, ok := unavailable(err)
		if !ok {
			return nil, err
		}
		in = &pkgInfo{missing: reason}
	}
	s.pkgs[pkg] = in
	s.order = append(s.order, pkg)
	return in, nil
}

// propagate derives every term the incompatibilities force, starting
// from what changed about pkg, resolving conflicts on the way.
func (s *solver) propagate(pkg string) error {
	changed := []string{pkg}
	for len(changed) > 0 {
		p := changed[len(changed)-1]
		changed = changed[:len(changed)-1]
		ics := s.byPkg[p]
		for i := len(ics) - 1; i >= 0; i-- {
			rel, t := s.ps.relate(ics[i])
			switch rel {
			case satisfied:
				learned, err := s.resolveConflict(ics[i])
				if err != nil {
					return err
				}
				rel, t = s.ps.relate(learned)
				if rel != almost {
					return fmt.Errorf("pubgrub: internal error: a learnt incompatibility is not almost satisfied after backtracking")
				}
				s.ps.derive(t.negate(), learned)
				changed = []string{t.pkg}
				i = -1 // start again from the changed package
			case almost:
				s.ps.derive(t.negate(), ics[i])
				changed = append(changed, t.pkg)
			}
		}
	}
	return nil
}

// resolveConflict learns, from ic satisfied by the partial solution, an
// incompatibility that backtracking makes almost satisfied, and
// backtracks. A learnt incompatibility that condemns the root ends the
// solve with *NoSolution.
func (s *solver) resolveConflict(ic *incompat) (*incompat, error) {
	learnt := false
	for {
		if s.terminal(ic) {
			return nil, &NoSolution{root: s.root, cause: ic, pkgs: s.pkgs}
		}
		if s.steps++; s.steps > maxSteps {
			return nil, fmt.Errorf("gave up after %d steps: the requirements are too tangled to solve", maxSteps)
		}
		i, prevLevel := s.ps.satisfier(ic)
		sat := s.ps.list[i]
		if sat.decision || prevLevel != sat.level {
			if learnt {
				s.addIncompat(ic)
			}
			s.ps.backtrack(prevLevel)
			return ic, nil
		}
		ic = priorCause(ic, sat.cause, sat.term.pkg)
		learnt = true
	}
}

// terminal: ic says nothing can be selected, or that the root cannot.
func (s *solver) terminal(ic *incompat) bool {
	return len(ic.terms) == 0 || len(ic.terms) == 1 && ic.terms[0].pkg == s.root && ic.terms[0].positive()
}

// decide picks the next package and version, adds its dependencies, and
// decides it unless they conflict at once. done: nothing is left to decide.
func (s *solver) decide(ctx context.Context) (string, bool, error) {
	pkg, ok := s.pickPackage()
	if !ok {
		return "", true, nil
	}
	if s.steps++; s.steps > maxSteps {
		return "", false, fmt.Errorf("gave up after %d steps: the requirements are too tangled to solve", maxSteps)
	}
	acc := s.ps.acc[pkg]
	v := acc.first()
	if v < 0 {
		s.addIncompat(newIncompat(kindNoVersions, term{pkg: pkg, set: acc}))
		return pkg, false, nil
	}
	ics, err := s.dependencies(ctx, pkg, v)
	if err != nil {
		return "", false, err
	}
	conflict := false
	for _, ic := range ics {
		conflict = conflict || ic.kind == kindUnavailable || s.wouldConflict(ic, pkg)
	}
	if !conflict {
		s.ps.decide(pkg, len(s.pkgs[pkg].versions), v)
	}
	return pkg, false, nil
}

// dependencies returns the incompatibilities of pkg at version index v —
// one per dependency, or one saying the version cannot be used — adding
// them the first time.
func (s *solver) dependencies(ctx context.Context, pkg string, v int) ([]*incompat, error) {
	key := pkg + "\x00" + strconv.Itoa(v)
	if ics, ok := s.added[key]; ok {
		return ics, nil
	}
	n := len(s.pkgs[pkg].versions)
	version := s.pkgs[pkg].versions[v]
	deps, err := s.src.Dependencies(ctx, pkg, version)
	var ics []*incompat
	if err != nil {
		reason, ok := unavailable(err)
		if !ok {
			return nil, fmt.Errorf("%s %s: %w", pkg, version, err)
		}
		ic := newIncompat(kindUnavailable, term{pkg: pkg, set: versionsOf(n, v)})
		ic.reason = reason
		ics = append(ics, ic)
	}
	for _, d := range deps {
		ic, err := s.dependency(ctx, pkg, v, d)
		if err != nil {
			return nil, err
		}
		if ic != nil {
			ics = append(ics, ic)
		}
	}
	for _, ic := range ics {
		s.addIncompat(ic)
	}
	s.added[key] = ics
	return ics, nil
}

// dependency is the incompatibility "pkg at v, and not d".
func (s *solver) dependency(ctx context.Context, pkg string, v int, d Dependency) (*incompat, error) {
	in, err := s.info(ctx, d.Package)
	if err != nil {
		return nil, err
	}
	allowed := versionsOf(len(in.versions), len(in.versions)) // unlisted
	for i, dv := range in.versions {
		if d.Allows == nil || d.Allows(dv) {
			allowed.words[i/64] |= 1 << (i % 64)
		}
	}
	dep := allowed.not() // not selected, or selected outside allowed
	if d.Constraint {
		dep = dep.and(anyVersion(len(in.versions))) // selected outside allowed
	}
	ic := newIncompat(kindDependency,
		term{pkg: pkg, set: versionsOf(len(s.pkgs[pkg].versions), v)},
		term{pkg: d.Package, set: dep})
	if ic != nil {
		ic.text = d.Text
	}
	return ic, nil
}

// wouldConflict: every term of ic but pkg's already holds.
func (s *solver) wouldConflict(ic *incompat, pkg string) bool {
	for _, t := range ic.terms {
		if t.pkg == pkg {
			continue
		}
		acc, ok := s.ps.acc[t.pkg]
		if !ok || !acc.subset(t.set) {
			return false
		}
	}
	return true
}

// pickPackage chooses the undecided package with a positive term that has
// the fewest versions left; ties go to the one met first.
func (s *solver) pickPackage() (string, bool) {
	best, bestN := "", -1
	for _, pkg := range s.order {
		acc, ok := s.ps.acc[pkg]
		if !ok || acc.absent() {
			continue
		}
		if _, done := s.ps.decided[pkg]; done {
			continue
		}
		if n := acc.versions(); bestN < 0 || n < bestN {
			best, bestN = pkg, n
		}
	}
	return best, bestN >= 0
}
