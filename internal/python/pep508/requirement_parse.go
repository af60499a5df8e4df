package pep508

import (
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/pep440"
)

// extras = "[" wsp* (identifier (wsp* "," wsp* identifier)*)? wsp* "]"
func (p *scanner) extras() ([]string, error) {
	if p.peek() != '[' {
		return nil, nil
	}
	open := p.i
	p.i++
	var extras []string
	for {
		p.skipSpace()
		if p.peek() == ']' && len(extras) == 0 {
			break
		}
		e, err := p.identifier("an extra name")
		if err != nil {
			return nil, err
		}
		extras = append(extras, e)
		p.skipSpace()
		if p.peek() != ',' {
			break
		}
		p.i++
	}
	switch {
	case p.peek() == ']':
		p.i++
		return extras, nil
	case isAlnum(p.peek()):
		return nil, p.errAt(p.i, "expected a comma between extra names")
	}
	return nil, p.errAt(p.i, `expected "," or "]" to close the "[" at column %d, found %s`, p.column(open), p.found())
}

// urlAndMarker reads "@ url" and the optional " ; marker" after it.
func (p *scanner) urlAndMarker(r *Requirement) error {
	p.i++ // '@'
	p.skipSpace()
	start := p.i
	for p.i < len(p.s) && !isSpace(p.s[p.i]) {
		p.i++
	}
	if p.i == start {
		return p.errAt(p.i, `expected a URL after "@"`)
	}
	r.URL = p.s[start:p.i]
	if !hasScheme(r.URL) {
		return p.errAt(start, "expected a URL with a scheme, such as https://… or file:///…, found %q", r.URL)
	}
	p.skipSpace()
	if p.eof() {
		return nil
	}
	if p.peek() != ';' {
		hint := ""
		if strings.Contains(r.URL, ";") {
			hint = ` (a ";" right after the URL is part of it: put a space before the ";")`
		}
		return p.errAt(p.i, `expected ";" and a marker or the end after the URL, found %s%s`, p.found(), hint)
	}
	return p.requirementMarker(r)
}

// hasScheme reports whether url starts with "scheme://" and has more after
// it. A relative path ("./pkg") or "file:." is rejected as pip rejects it:
// the requirement would depend on the directory pyko runs in.
func hasScheme(url string) bool {
	scheme, rest, ok := strings.Cut(url, "://")
	if !ok || scheme == "" || rest == "" {
		return false
	}
	// RFC 3986: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
	for i := 0; i < len(scheme); i++ {
		c := scheme[i]
		if i == 0 && !(isAlnum(c) && c > '9') || !isAlnum(c) && strings.IndexByte("+-.", c) < 0 {
			return false
		}
	}
	return true
}

// specifierAndMarker reads the optional version specifier, bare or in
// parentheses, and the optional "; marker".
func (p *scanner) specifierAndMarker(r *Requirement) error {
	var err error
	if p.peek() == '(' {
		open := p.i
		p.i++
		p.skipSpace()
		if r.Specifiers, err = p.versionMany(); err != nil {
			return err
		}
		p.skipSpace()
		if p.peek() != ')' {
			return p.errAt(p.i, `expected "," or ")" to close the "(" at column %d, found %s`, p.column(open), p.found())
		}
		p.i++
	} else if r.Specifiers, err = p.versionMany(); err != nil {
		return err
	}
	p.skipSpace()
	if p.eof() {
		return nil
	}
	if p.peek() != ';' {
		if r.Specifiers == nil {
			return p.errAt(p.i, `expected extras, a version specifier (such as ">=1.0"), "@ url", ";" or the end after the name, found %s`, p.found())
		}
		return p.errAt(p.i, `expected ",", ";" or the end after the version specifier, found %s`, p.found())
	}
	return p.requirementMarker(r)
}

// requirementMarker reads "; marker" up to the end of the input.
func (p *scanner) requirementMarker(r *Requirement) error {
	p.i++ // ';'
	m, err := p.marker()
	if err != nil {
		return err
	}
	p.skipSpace()
	if !p.eof() {
		return p.errAt(p.i, `expected "and", "or" or the end of the marker, found %s`, p.found())
	}
	r.Marker = m
	return nil
}

// versionMany = clause ("," clause)* ","? where clause = op wsp* version.
// Each clause is checked by pep440; errors point at the clause.
func (p *scanner) versionMany() (pep440.Specifiers, error) {
	var specs pep440.Specifiers
	for !p.eof() && strings.IndexByte("<=>!~", p.peek()) >= 0 {
		start := p.i
		for !p.eof() && strings.IndexByte("<=>!~", p.peek()) >= 0 {
			p.i++
		}
		op := p.s[start:p.i]
		if !slices.Contains(markerOps, op) {
			if op == "=" {
				return nil, p.errAt(start, `unknown operator "=": did you mean "=="?`)
			}
			return nil, p.errAt(start, "unknown version operator %q (use ==, !=, <, <=, >, >=, ~= or ===)", op)
		}
		p.skipSpace()
		vstart := p.i
		for !p.eof() && versionByte(op, p.peek()) {
			p.i++
		}
		if p.i == vstart {
			return nil, p.errAt(p.i, "expected a version after %q, found %s", op, p.found())
		}
		spec, err := pep440.ParseSpecifiers(op + p.s[vstart:p.i])
		if err != nil {
			return nil, &SyntaxError{What: p.what, Input: p.s, Offset: start, Err: err}
		}
		specs = append(specs, spec...)
		p.skipSpace()
		if p.peek() != ',' {
			break
		}
		p.i++
		p.skipSpace()
	}
	return specs, nil
}

// versionByte reports whether c may be part of the version after op: the
// spec's letters, digits and "-_.*+!", or for "===" anything up to
// whitespace, ",", ";" or ")".
func versionByte(op string, c byte) bool {
	if op == pep440.OpArbitrary {
		return c > ' ' && c != ',' && c != ';' && c != ')' && c != 0x7f
	}
	return isAlnum(c) || strings.IndexByte("-_.*+!", c) >= 0
}
