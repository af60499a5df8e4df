package resolve

import (
	"slices"

	"github.com/pyko-dev/pyko/internal/apk"
)

// blockKind says why a candidate cannot join the current selection.
type blockKind uint8

const (
	notBlocked    blockKind = iota
	excludedBy              // an active "!name" matches the candidate
	conflictsWith           // one of the candidate's "!name" matches a selected package
	nameHeld                // a selected package already holds one of the candidate's names
	pendingUnmet            // a queued dependency on one of its names would become unsatisfiable
	depUnmet                // one of its dependencies is already unsatisfiable
)

// block is why a candidate was ruled out, for the blame and the message.
type block struct {
	kind  blockKind
	cand  int32          // index into index.pkgs
	atom  apk.Dependency // the conflict atom, the queued dependency or the candidate's dependency
	name  string         // the name held (nameHeld, depUnmet)
	other int32          // position in sel of the package in the way; -1 for the world
	req   int32          // queue index (pendingUnmet)
}

// blocked checks candidate i against the selection, the active conflicts
// and the dependencies queued after qi. Each check is one apk-tools rule;
// ruling a candidate out here saves selecting it and failing later.
func (s *solver) blocked(i int32, qi int) block {
	p := s.ix.pkgs[i]
	for k := range numNames(p) {
		name, version, versioned := nameAt(p, k)
		for _, e := range s.excluded[name] {
			if matches(e.dep, version, versioned) {
				return block{kind: excludedBy, cand: i, atom: e.dep, other: e.owner}
			}
		}
		for _, h := range s.holders[name] {
			// One holder per name, unless every one is unversioned.
			if versioned || h.versioned {
				return block{kind: nameHeld, cand: i, name: name, other: h.pos}
			}
		}
		for _, q := range s.pending[name] {
			if int(q) > qi && !answersTo(p, s.queue[q].dep) {
				return block{kind: pendingUnmet, cand: i, atom: s.queue[q].dep, req: q, other: s.queue[q].parent}
			}
		}
	}
	for _, d := range p.Depends {
		if d.Conflict {
			for _, h := range s.holders[d.Name] {
				if matches(d, h.version, h.versioned) {
					d.Conflict = false
					return block{kind: conflictsWith, cand: i, atom: d, other: h.pos}
				}
			}
			continue
		}
		hs := s.holders[d.Name]
		if len(hs) == 0 || s.satisfiedBy(d) >= 0 || answersTo(p, d) {
			continue
		}
		// Held by packages that do not match: a versioned holder keeps the
		// name, and unversioned holders keep out a versioned one.
		k := slices.IndexFunc(hs, func(h holder) bool { return h.versioned })
		if k >= 0 || d.Op != apk.OpAny {
			return block{kind: depUnmet, cand: i, atom: d, name: d.Name, other: hs[max(k, 0)].pos}
		}
	}
	return block{}
}

// answersTo reports whether p itself meets d.
func answersTo(p *apk.Package, d apk.Dependency) bool {
	for k := range numNames(p) {
		if name, version, versioned := nameAt(p, k); name == d.Name && matches(d, version, versioned) {
			return true
		}
	}
	return false
}

// blame adds to l the choices that put b in the way.
func (s *solver) blame(l *levels, b block) {
	switch b.kind {
	case nameHeld, depUnmet:
		name := b.name
		for _, h := range s.holders[name] {
			l.add(s.levelOf(h.pos))
		}
	default: // excludedBy, conflictsWith, pendingUnmet
		l.add(s.levelOf(b.other))
	}
}

// blameReq adds to l the choices that made r a requirement.
func (s *solver) blameReq(l *levels, r *req) {
	l.add(s.levelOf(r.parent))
	for _, t := range r.triggers {
		l.add(s.levelOf(t))
	}
}
