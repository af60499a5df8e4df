package pubgrub

import (
	"fmt"
	"strings"
)

// NoSolution is the error of a solve that has no answer. Its Error is the
// derivation: numbered where a fact is used twice, one sentence a line.
type NoSolution struct {
	root  string
	cause *incompat
	pkgs  map[string]*pkgInfo
}

func (e *NoSolution) Error() string {
	r := &reporter{e: e, uses: map[*incompat]int{}, line: map[*incompat]int{}}
	r.count(e.cause)
	r.explain(e.cause)
	switch len(r.lines) {
	case 0:
		return "the requirements cannot be met: " + r.statement(e.cause)
	case 1:
		return "the requirements cannot be met: " + strings.TrimSuffix(r.lines[0], ".")
	}
	return "the requirements cannot be met:\n  " + strings.Join(r.lines, "\n  ")
}

// reporter writes a derivation tree as lines.
type reporter struct {
	e     *NoSolution
	lines []string
	uses  map[*incompat]int // how often each derived node is a cause
	line  map[*incompat]int // the line number given to a shared node
}

func (r *reporter) count(ic *incompat) {
	if ic.kind != kindDerived {
		return
	}
	for _, c := range []*incompat{r.simplify(ic.left), r.simplify(ic.right)} {
		r.uses[c]++
		if r.uses[c] == 1 {
			r.count(c)
		}
	}
}

// explain adds the lines that conclude ic.
func (r *reporter) explain(ic *incompat) {
	if ic.kind != kindDerived {
		return
	}
	l, rt := r.simplify(ic.left), r.simplify(ic.right)
	if l.kind != kindDerived && rt.kind == kindDerived {
		l, rt = rt, l
	}
	var s string
	switch {
	case l.kind == kindDerived && rt.kind == kindDerived:
		r.explainOnce(l)
		r.explainOnce(rt)
		s = "Because " + r.ref(l) + " and " + r.ref(rt) + ", " + r.statement(ic) + "."
	case l.kind == kindDerived:
		if _, numbered := r.line[l]; numbered {
			s = "Because " + r.ref(l) + " and " + r.statement(rt) + ", " + r.statement(ic) + "."
		} else {
			r.explainOnce(l)
			s = "And because " + r.statement(rt) + ", " + r.statement(ic) + "."
		}
	default:
		s = "Because " + r.statement(l) + " and " + r.statement(rt) + ", " + r.statement(ic) + "."
	}
	r.lines = append(r.lines, s)
	if r.uses[ic] > 1 {
		r.line[ic] = len(r.lines)
		r.lines[len(r.lines)-1] += fmt.Sprintf(" (%d)", len(r.lines))
	}
}

// unlisted reports whether ic only says that no version outside the
// listed ones exists (see set).
func (r *reporter) unlisted(ic *incompat) bool {
	return ic.kind == kindNoVersions && ic.terms[0].set.versions() == 0 && r.e.pkgs[ic.terms[0].pkg].missing == ""
}

// simplify skips, inside the tree, a step that only combines a fact with
// "no unlisted version exists": the fact says it as well to a reader.
func (r *reporter) simplify(ic *incompat) *incompat {
	for ic.kind == kindDerived {
		switch {
		case r.unlisted(ic.left) && ic.right.kind != kindDerived:
			ic = ic.right
		case r.unlisted(ic.right) && ic.left.kind != kindDerived:
			ic = ic.left
		default:
			return ic
		}
	}
	return ic
}

func (r *reporter) explainOnce(ic *incompat) {
	if _, done := r.line[ic]; !done {
		r.explain(ic)
	}
}

// ref names an explained node: its number if it has one, else what it
// says.
func (r *reporter) ref(ic *incompat) string {
	if n, ok := r.line[ic]; ok {
		return fmt.Sprintf("(%d)", n)
	}
	return r.statement(ic)
}

// statement says what ic means in words.
func (r *reporter) statement(ic *incompat) string {
	switch ic.kind {
	case kindRoot:
		return r.e.root + " is what is being solved"
	case kindNoVersions:
		t := ic.terms[0]
		if why := r.e.pkgs[t.pkg].missing; why != "" {
			return t.pkg + " cannot be used: " + why
		}
		if t.set.versions() == 0 {
			return r.only(t.pkg)
		}
		return "there is no version of " + r.describe(t)
	case kindUnavailable:
		return r.describe(ic.terms[0]) + " cannot be used: " + ic.reason
	case kindDependency:
		if len(ic.terms) == 2 && ic.terms[1].positive() { // a constraint
			c := ic.terms[1]
			what := c.pkg + ic.text
			if in := r.e.pkgs[c.pkg]; ic.text == "" && in != nil {
				what = r.describe(term{pkg: c.pkg, set: c.set.not().and(anyVersion(len(in.versions)))})
			}
			return r.subject(ic.terms[0]) + " constrains " + what
		}
		if len(ic.terms) == 2 {
			dep := ic.terms[1].negate()
			what := r.describe(dep)
			if ic.text != "" {
				what = dep.pkg + ic.text
			}
			return r.subject(ic.terms[0]) + " depends on " + what
		}
	}
	return r.general(ic)
}

// general says what any incompatibility means from its terms.
func (r *reporter) general(ic *incompat) string {
	var pos, neg []term
	for _, t := range ic.terms {
		if t.positive() {
			pos = append(pos, t)
		} else {
			neg = append(neg, t)
		}
	}
	switch {
	case len(ic.terms) == 0:
		return "no selection is possible"
	case len(pos) == 1 && len(neg) == 0:
		if pos[0].pkg == r.e.root {
			return "the requirements cannot be met"
		}
		return r.describe(pos[0]) + " cannot be used"
	case len(pos) == 0 && len(neg) == 1:
		return r.describe(neg[0].negate()) + " is required"
	case len(pos) == 1 && len(neg) == 1:
		return r.subject(pos[0]) + " depends on " + r.describe(neg[0].negate())
	case len(neg) == 0 && len(pos) == 2:
		return r.describe(pos[0]) + " and " + r.describe(pos[1]) + " cannot be used together"
	}
	parts := make([]string, 0, len(ic.terms))
	for _, t := range ic.terms {
		if t.positive() {
			parts = append(parts, r.describe(t))
		} else {
			parts = append(parts, "not "+r.describe(t.negate()))
		}
	}
	return "these cannot all hold: " + strings.Join(parts, ", ")
}

// subject names a positive term as the subject of "depends on": the root
// by its name alone.
func (r *reporter) subject(t term) string {
	if t.pkg == r.e.root {
		return r.e.root
	}
	if in := r.e.pkgs[t.pkg]; in != nil && len(in.versions) > 1 && t.set.versions() == len(in.versions) {
		return "every version of " + t.pkg
	}
	return r.describe(t)
}

// describe names a positive term: "flask 2.2.2", "flask>=2.0", "flask",
// "flask>=1.0, <=1.2 or 2.0".
func (r *reporter) describe(t term) string {
	in := r.e.pkgs[t.pkg]
	if in == nil || len(in.versions) == 0 {
		return t.pkg
	}
	vs := in.versions
	idx := t.set.indexes()
	switch {
	case len(idx) == 1:
		return t.pkg + " " + vs[idx[0]]
	case len(idx) == len(vs):
		return t.pkg
	case len(idx) == 0:
		return t.pkg + " (no listed version)"
	}
	var runs []string
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && idx[j+1] == idx[j]+1 {
			j++
		}
		newest, oldest := idx[i], idx[j]
		switch {
		case newest == oldest:
			runs = append(runs, "=="+vs[newest])
		case newest == 0:
			runs = append(runs, ">="+vs[oldest])
		case oldest == len(vs)-1:
			runs = append(runs, "<="+vs[newest])
		default:
			runs = append(runs, ">="+vs[oldest]+", <="+vs[newest])
		}
		i = j + 1
	}
	return t.pkg + strings.Join(runs, " or ")
}

// only says which versions of pkg exist: "only a 2 and 1 exist".
func (r *reporter) only(pkg string) string {
	vs := r.e.pkgs[pkg].versions
	switch {
	case len(vs) == 0:
		return "no version of " + pkg + " exists"
	case len(vs) == 1:
		return "only " + pkg + " " + vs[0] + " exists"
	case len(vs) <= 5:
		return "only " + pkg + " " + strings.Join(vs[:len(vs)-1], ", ") + " and " + vs[len(vs)-1] + " exist"
	}
	return "only " + pkg + " " + strings.Join(vs[:5], ", ") + " and older versions exist"
}
