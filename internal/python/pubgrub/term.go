package pubgrub

// term is a statement about one package: it is selected at one of the
// set's versions (positive), or it is not selected at any version outside
// the set (negative; the set holds "absent").
type term struct {
	pkg string
	set set
}

func (t term) positive() bool { return !t.set.absent() }
func (t term) negate() term   { return term{pkg: t.pkg, set: t.set.not()} }

// kind is where an incompatibility comes from.
type kind int

const (
	kindRoot        kind = iota // the root must be selected
	kindNoVersions              // no version of a package is in the term
	kindUnavailable             // a version cannot be used (Source said why)
	kindDependency              // a version depends on a package
	kindDerived                 // learnt from two others in conflict resolution
)

// incompat is a set of terms that must not all be true at once.
type incompat struct {
	terms []term // at most one per package
	kind  kind
	// cause: the two incompatibilities a derived one comes from.
	left, right *incompat
	// reason (unavailable) and text (the dependency's requirement, as the
	// Source wrote it).
	reason, text string
}

// newIncompat merges terms of one package by intersection. It returns nil
// if a merged term is empty: such an incompatibility can never hold.
func newIncompat(k kind, terms ...term) *incompat {
	ic := &incompat{kind: k}
	for _, t := range terms {
		if i := ic.index(t.pkg); i >= 0 {
			ic.terms[i].set = ic.terms[i].set.and(t.set)
			if ic.terms[i].set.empty() {
				return nil
			}
			continue
		}
		ic.terms = append(ic.terms, t)
	}
	return ic
}

func (ic *incompat) index(pkg string) int {
	for i, t := range ic.terms {
		if t.pkg == pkg {
			return i
		}
	}
	return -1
}

func (ic *incompat) term(pkg string) (term, bool) {
	if i := ic.index(pkg); i >= 0 {
		return ic.terms[i], true
	}
	return term{}, false
}

// priorCause is the resolvent of ic and cause on pkg: every term of both
// but pkg's (intersected where both have one), and for pkg the union of
// their terms, dropped if it says nothing.
func priorCause(ic, cause *incompat, pkg string) *incompat {
	out := &incompat{kind: kindDerived, left: ic, right: cause}
	t1, _ := ic.term(pkg)
	t2, _ := cause.term(pkg)
	for _, src := range []*incompat{ic, cause} {
		for _, t := range src.terms {
			if t.pkg == pkg {
				continue
			}
			if i := out.index(t.pkg); i >= 0 {
				out.terms[i].set = out.terms[i].set.and(t.set)
				continue
			}
			out.terms = append(out.terms, t)
		}
	}
	if u := t1.set.or(t2.set); !u.full() {
		out.terms = append(out.terms, term{pkg: pkg, set: u})
	}
	return out
}
