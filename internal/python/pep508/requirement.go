package pep508

import (
	"strings"

	"github.com/pyko-dev/pyko/internal/python/pep440"
)

// Requirement is a parsed dependency specifier, such as
// `requests[socks] >=2.31, <3 ; python_version >= "3.8"` or
// `pip @ https://example.com/pip-24.0-py3-none-any.whl`.
type Requirement struct {
	// Name is the project name as written; compare names with
	// pep503.Normalize.
	Name string
	// Extras are the extras as written, in the order written; nil when
	// there are none.
	Extras []string
	// Specifiers is the version specifier; empty for any version and for
	// the URL form.
	Specifiers pep440.Specifiers
	// URL is the direct reference of the "name @ url" form, as written.
	URL string
	// Marker is the environment marker; nil means always.
	Marker *Marker
}

// The traps of the requirement grammar, as pypa/packaging and uv handle
// them:
//
//   - Whitespace is only space and tab; a newline is an error.
//   - A name starts and ends with a letter or digit ("foo-" is invalid).
//   - The version may sit in parentheses (PEP 345's form, accepted, never
//     written), an operator may be followed by spaces (">= 1.0"), and a
//     trailing comma is allowed (">=1.0,", in the spec since 2024).
//   - A version is the spec's letters, digits and "-_.*+!" ("===" takes
//     anything up to whitespace, ",", ";" or ")"), so "foo>=1;marker"
//     needs no space before the ";".
//   - A URL ends only at whitespace: "name @ url;marker" makes ";marker"
//     part of the URL, so the marker of the URL form needs a space before
//     its ";". The URL must be absolute ("scheme://…"), as packaging once
//     required: a relative path would depend on where pyko runs.
//   - ".*" and local labels ("+cpu") go only with == and != (pep440 says
//     why, and the error points at the clause).

// ParseRequirement parses a dependency specifier: a name, optional extras,
// then a version specifier or an "@ url", then an optional "; marker".
// Comments and pip options are not part of the grammar: the requirements
// file parser strips them. Errors are *SyntaxError, quoting the input and
// pointing at the column.
func ParseRequirement(s string) (Requirement, error) {
	p := &scanner{what: "requirement", s: s}
	var r Requirement
	p.skipSpace()
	name, err := p.identifier("a project name")
	if err != nil {
		return Requirement{}, err
	}
	r.Name = name
	p.skipSpace()
	if r.Extras, err = p.extras(); err != nil {
		return Requirement{}, err
	}
	p.skipSpace()
	if p.peek() == '@' {
		err = p.urlAndMarker(&r)
	} else {
		err = p.specifierAndMarker(&r)
	}
	if err != nil {
		return Requirement{}, err
	}
	return r, nil
}

// String returns the requirement in canonical form, which
// ParseRequirement reads back to an equal Requirement:
//
//	name[extra1,extra2]>=1.0,<2; python_version >= "3.9"
//	name[extra] @ https://example.com/name.whl ; python_version >= "3.9"
//
// Specifiers are normalised (pep440), the marker is canonical (see
// Marker.String), and extras keep their written order.
func (r Requirement) String() string {
	var b strings.Builder
	b.WriteString(r.Name)
	if len(r.Extras) > 0 {
		b.WriteString("[" + strings.Join(r.Extras, ",") + "]")
	}
	if r.URL != "" {
		b.WriteString(" @ " + r.URL)
		if r.Marker != nil {
			// The URL ends at whitespace, so the space is required.
			b.WriteString(" ")
		}
	} else {
		b.WriteString(r.Specifiers.String())
	}
	if r.Marker != nil {
		b.WriteString("; " + r.Marker.String())
	}
	return b.String()
}
