package pep508

import "github.com/pyko-dev/pyko/internal/python/pep503"

// The traps of the marker grammar, as pypa/packaging and uv handle them:
//
//   - "and" binds tighter than "or": a or b and c is a or (b and c).
//   - Words end where letters, digits, "_" and "." end, so
//     `"3"and os_name=="x"` is fine but python_versionin is an unknown
//     variable, and "not in" needs whitespace between its words.
//   - Quoted strings take either quote and have no escapes: the spec
//     defines none, and uv keeps backslashes as written (packaging runs
//     Python's literal_eval; the two differ only for backslashes).
//   - The PEP 345 dotted names (os.name, …) and setuptools'
//     python_implementation are old spellings of today's variables.
//   - The string compared with "extra" is normalised (PEP 685), so
//     extra == "Foo_Bar" prints as extra == "foo-bar".
//   - "extras" and "dependency_groups" (PEP 751) are sets: the only valid
//     comparisons are "name" in extras and "name" not in extras.
//   - Two quoted strings compared with each other are an error (uv ignores
//     such a comparison with a warning, packaging looks the right one up as
//     a variable); two variables are allowed, as the grammar allows them.

// ParseMarker parses an environment marker such as
//
//	python_version >= "3.9" and (sys_platform == "linux" or extra == "cli")
//
// Leading and trailing spaces and tabs are allowed. An unknown variable is
// an error, as the spec requires. Errors are *SyntaxError.
func ParseMarker(s string) (*Marker, error) {
	p := &scanner{what: "marker", s: s}
	m, err := p.marker()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if !p.eof() {
		return nil, p.errAt(p.i, `expected "and", "or" or the end of the marker, found %s`, p.found())
	}
	return m, nil
}

// marker = and_expr ("or" and_expr)*
func (p *scanner) marker() (*Marker, error) {
	m, err := p.andExpr()
	for err == nil && p.keyword("or") {
		var r *Marker
		if r, err = p.andExpr(); err == nil {
			m = join(nodeOr, m, r)
		}
	}
	return m, err
}

// and_expr = atom ("and" atom)*
func (p *scanner) andExpr() (*Marker, error) {
	m, err := p.atom()
	for err == nil && p.keyword("and") {
		var r *Marker
		if r, err = p.atom(); err == nil {
			m = join(nodeAnd, m, r)
		}
	}
	return m, err
}

// keyword consumes the word kw after optional whitespace, if it is next.
func (p *scanner) keyword(kw string) bool {
	save := p.i
	p.skipSpace()
	if p.word() == kw {
		p.i += len(kw)
		return true
	}
	p.i = save
	return false
}

// word returns, without consuming it, the run of letters, digits, "_" and
// "." at the cursor.
func (p *scanner) word() string {
	j := p.i
	for j < len(p.s) && (isAlnum(p.s[j]) || p.s[j] == '_' || p.s[j] == '.') {
		j++
	}
	return p.s[p.i:j]
}

// atom = "(" marker ")" | comparison
func (p *scanner) atom() (*Marker, error) {
	p.skipSpace()
	if p.peek() != '(' {
		return p.comparison()
	}
	open := p.i
	if p.depth++; p.depth > maxDepth {
		return nil, p.errAt(open, "markers nested more than %d parentheses deep", maxDepth)
	}
	p.i++
	m, err := p.marker()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.peek() != ')' {
		return nil, p.errAt(p.i, `expected "and", "or" or ")" to close the "(" at column %d, found %s`,
			p.column(open), p.found())
	}
	p.i++
	p.depth--
	return m, nil
}

// comparison = operand op operand, then the checks the grammar cannot say.
func (p *scanner) comparison() (*Marker, error) {
	p.skipSpace()
	start := p.i
	l, err := p.operand()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	op, err := p.operator()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	r, err := p.operand()
	if err != nil {
		return nil, err
	}
	m := &Marker{kind: nodeCompare, op: op, left: l, right: r}
	if l.variable == "" && r.variable == "" {
		return nil, p.errAt(start, "comparison of two quoted strings: one side must be a marker variable such as python_version")
	}
	if set, ok := setVariable(l, r); ok {
		if l.variable != "" || (op != "in" && op != "not in") {
			return nil, p.errAt(start, `%s is a set: compare it only as "name" in %s or "name" not in %s`, set, set, set)
		}
		m.left.value = pep503.Normalize(l.value)
	}
	// PEP 685: extra names compare normalised.
	if l.variable == "extra" && r.variable == "" {
		m.right.value = pep503.Normalize(r.value)
	}
	if r.variable == "extra" && l.variable == "" {
		m.left.value = pep503.Normalize(l.value)
	}
	return m, nil
}

// setVariable returns the set-valued variable on either side, if any.
func setVariable(l, r operand) (string, bool) {
	for _, o := range []operand{l, r} {
		if o.variable != "" && variables[o.variable] == kindSet {
			return o.variable, true
		}
	}
	return "", false
}
