package resolve

import (
	"fmt"
	"strings"
)

// Error is a resolution failure. Chain leads from the world entry to the
// requirement that cannot be met: the world atom ("python-3.11 (world)"),
// the packages selected on the way ("python-3.11-3.11.9-r0"), then the
// failing atom ("so:libffi.so.8"). Reason says why, naming both sides of a
// conflict.
type Error struct {
	Chain  []string
	Reason string
}

func (e *Error) Error() string {
	if len(e.Chain) == 0 {
		return "resolving packages: " + e.Reason
	}
	return strings.Join(e.Chain, " → ") + ": " + e.Reason
}

// explain describes the dead end at queue index qi: no candidate matched,
// or every candidate was ruled out (first is the most preferred one's
// reason, ruledOut how many there were).
func (s *solver) explain(qi int, cands []answer, first block, ruledOut int) *Error {
	r := &s.queue[qi]
	e := &Error{Chain: s.chain(qi)}
	switch {
	case !s.ix.known(r.dep.Name):
		e.Reason = "nothing provides it"
	case len(cands) == 0:
		e.Reason = s.onlyAvailable(r.dep.Name)
	default:
		e.Reason = s.why(first, qi)
		if ruledOut > 1 {
			e.Reason += fmt.Sprintf(" (and %d other candidates are ruled out)", ruledOut-1)
		}
	}
	return e
}

// chain lists the way from the world to the requirement at qi.
func (s *solver) chain(qi int) []string {
	r := &s.queue[qi]
	out := []string{atom(r)}
	for pos := r.parent; pos >= 0; {
		sl := s.sel[pos]
		by := &s.queue[sl.req]
		id := s.ix.pkgs[sl.pkg].ID()
		if by.installIf {
			id += " (install_if)"
		}
		out = append(out, id)
		pos = by.parent
		if pos < 0 && !by.installIf {
			out = append(out, atom(by))
		}
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// atom names a requirement in a chain.
func atom(r *req) string {
	if r.parent < 0 && !r.installIf {
		return r.dep.String() + " (world)"
	}
	return r.dep.String()
}

// neededBy says who needs the package at pos: "world", the package that
// depends on it, or the package whose install_if it is.
func (s *solver) neededBy(pos int32) string {
	return s.requirer(&s.queue[s.sel[pos].req])
}

func (s *solver) requirer(r *req) string {
	switch {
	case r.installIf:
		return "install_if"
	case r.parent < 0:
		return "world"
	}
	return s.ix.pkgs[s.sel[r.parent].pkg].ID()
}

// onlyAvailable lists what answers to name when none matches the version
// asked for.
func (s *solver) onlyAvailable(name string) string {
	const most = 5
	var items []string
	as := s.ix.answers(name)
	for _, a := range as[:min(len(as), most)] {
		p := s.ix.pkgs[a.pkg]
		switch {
		case a.own:
			items = append(items, p.ID())
		case a.versioned:
			items = append(items, fmt.Sprintf("%s (provides %s=%s)", p.ID(), name, a.version))
		default:
			items = append(items, fmt.Sprintf("%s (provides %s without a version)", p.ID(), name))
		}
	}
	list := strings.Join(items, ", ")
	if len(as) > most {
		list += fmt.Sprintf(" and %d more", len(as)-most)
	}
	if len(as) == 1 {
		return "only " + list + " is available"
	}
	return "only " + list + " are available"
}

// why words a block for the requirement at qi.
func (s *solver) why(b block, qi int) string {
	c := s.ix.pkgs[b.cand]
	need := s.requirer(&s.queue[qi])
	switch b.kind {
	case excludedBy:
		if b.other < 0 {
			return fmt.Sprintf("%s is excluded by !%s (world)", c.ID(), b.atom)
		}
		o := s.ix.pkgs[s.sel[b.other].pkg]
		return fmt.Sprintf("%s conflicts with %s (!%s; both needed: %s ← %s, %s ← %s)",
			o.ID(), c.ID(), b.atom, o.Name, s.neededBy(b.other), c.Name, need)
	case conflictsWith:
		o := s.ix.pkgs[s.sel[b.other].pkg]
		return fmt.Sprintf("%s conflicts with %s (!%s; both needed: %s ← %s, %s ← %s)",
			c.ID(), o.ID(), b.atom, c.Name, need, o.Name, s.neededBy(b.other))
	case nameHeld:
		o := s.ix.pkgs[s.sel[b.other].pkg]
		by := s.queue[s.sel[b.other].req].dep
		if o.Name == c.Name {
			return fmt.Sprintf("%s is needed, but %s is already selected (for %s ← %s)",
				c.ID(), o.ID(), by, s.neededBy(b.other))
		}
		return fmt.Sprintf("%s and %s both provide %s, and only one may (%s was selected for %s ← %s)",
			c.ID(), o.ID(), b.name, o.ID(), by, s.neededBy(b.other))
	case pendingUnmet:
		return fmt.Sprintf("%s does not satisfy %s ← %s", c.ID(), b.atom, s.requirer(&s.queue[b.req]))
	default: // depUnmet
		o := s.ix.pkgs[s.sel[b.other].pkg]
		by := s.queue[s.sel[b.other].req].dep
		return fmt.Sprintf("%s needs %s, but %s is selected (for %s ← %s)",
			c.ID(), b.atom, o.ID(), by, s.neededBy(b.other))
	}
}
