package pubgrub

// assignment is one fact of the partial solution: a decision (a version
// picked) or a derivation (a term implied by an incompatibility).
type assignment struct {
	term     term
	level    int
	cause    *incompat // nil for a decision
	decision bool
}

// partial is the partial solution: assignments in order, and per package
// the intersection of its assignments' terms.
type partial struct {
	list    []assignment
	acc     map[string]set
	decided map[string]int // package → version index
	level   int
}

func newPartial() *partial {
	return &partial{acc: map[string]set{}, decided: map[string]int{}}
}

func (p *partial) add(a assignment) {
	p.list = append(p.list, a)
	if cur, ok := p.acc[a.term.pkg]; ok {
		p.acc[a.term.pkg] = cur.and(a.term.set)
	} else {
		p.acc[a.term.pkg] = a.term.set
	}
}

func (p *partial) derive(t term, cause *incompat) {
	p.add(assignment{term: t, level: p.level, cause: cause})
}

func (p *partial) decide(pkg string, n, v int) {
	p.level++
	p.decided[pkg] = v
	p.add(assignment{term: term{pkg: pkg, set: versionsOf(n, v)}, level: p.level, decision: true})
}

// backtrack removes every assignment above level.
func (p *partial) backtrack(level int) {
	keep := p.list[:0]
	for _, a := range p.list {
		if a.level <= level {
			keep = append(keep, a)
		}
	}
	p.list, p.level = keep, level
	p.acc, p.decided = map[string]set{}, map[string]int{}
	old := p.list
	p.list = nil
	for _, a := range old {
		p.add(a)
		if a.decision {
			p.decided[a.term.pkg] = a.term.set.first()
		}
	}
}

// relation is how the partial solution stands to an incompatibility.
type relation int

const (
	inconclusive relation = iota
	satisfied             // every term holds: a conflict
	almost                // every term but one holds; that one is not yet decided
	contradicted          // some term cannot hold
)

// relate says how ic stands, and for almost, which term is left.
func (p *partial) relate(ic *incompat) (relation, term) {
	var left term
	open := 0
	for _, t := range ic.terms {
		acc, ok := p.acc[t.pkg]
		switch {
		case ok && acc.subset(t.set):
			continue
		case ok && acc.disjoint(t.set):
			return contradicted, term{}
		}
		open++
		left = t
		if open > 1 {
			return inconclusive, term{}
		}
	}
	if open == 0 {
		return satisfied, term{}
	}
	return almost, left
}

// satisfier finds the assignment at which ic became satisfied, and the
// decision level at which it was satisfied but for that assignment (at
// least 1, the root's).
func (p *partial) satisfier(ic *incompat) (int, int) {
	acc := map[string]set{}
	firstSat := map[string]int{}
	for i, a := range p.list {
		t, ok := ic.term(a.term.pkg)
		if !ok {
			continue
		}
		if _, done := firstSat[t.pkg]; done {
			continue
		}
		cur, seen := acc[t.pkg]
		if !seen {
			cur = a.term.set
		} else {
			cur = cur.and(a.term.set)
		}
		acc[t.pkg] = cur
		if cur.subset(t.set) {
			firstSat[t.pkg] = i
		}
	}
	sat, prev := -1, -1
	for _, t := range ic.terms {
		if i := firstSat[t.pkg]; i > sat {
			sat = i
		}
	}
	s := p.list[sat]
	for _, t := range ic.terms {
		if t.pkg != s.term.pkg {
			prev = max(prev, firstSat[t.pkg])
		}
	}
	// The satisfier's own package: the earliest earlier assignment after
	// which it and the satisfier together satisfy its term.
	st, _ := ic.term(s.term.pkg)
	if !s.term.set.subset(st.set) {
		cur := s.term.set
		for i := 0; i < sat; i++ {
			if p.list[i].term.pkg != s.term.pkg {
				continue
			}
			cur = cur.and(p.list[i].term.set)
			if cur.subset(st.set) {
				prev = max(prev, i)
				break
			}
		}
	}
	level := 1
	if prev >= 0 {
		level = max(level, p.list[prev].level)
	}
	return sat, level
}
