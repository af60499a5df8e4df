package pep508

import "strings"

// Marker is a parsed environment marker: a tree of "and", "or" and
// comparisons. A nil *Marker is the absent marker, which is always true.
// Build one with ParseMarker; a Marker is immutable.
type Marker struct {
	kind nodeKind
	// terms are the operands of "and" and "or", two or more. Parsing
	// flattens "a and (b and c)" into one "and" of three terms, so that the
	// canonical String, which drops redundant parentheses, parses back to
	// the same tree.
	terms []*Marker
	// A comparison: left op right.
	op          string
	left, right operand
}

type nodeKind uint8

const (
	nodeCompare nodeKind = iota
	nodeAnd
	nodeOr
)

// operand is one side of a comparison: a marker variable (canonical name)
// or a quoted string's contents.
type operand struct {
	variable string
	value    string
}

// join builds "a kind b", flattening nested nodes of the same kind.
func join(kind nodeKind, a, b *Marker) *Marker {
	n := &Marker{kind: kind}
	for _, t := range []*Marker{a, b} {
		if t.kind == kind {
			n.terms = append(n.terms, t.terms...)
		} else {
			n.terms = append(n.terms, t)
		}
	}
	return n
}

// String returns the marker in canonical form: canonical variable names,
// double quotes (single ones when the value holds a double quote), one
// space around operators, parentheses only where "or" sits inside "and".
// ParseMarker reads it back to the same Marker. The nil Marker prints as "".
func (m *Marker) String() string {
	if m == nil {
		return ""
	}
	var b strings.Builder
	m.write(&b)
	return b.String()
}

func (m *Marker) write(b *strings.Builder) {
	switch m.kind {
	case nodeCompare:
		m.left.write(b)
		b.WriteString(" " + m.op + " ")
		m.right.write(b)
	case nodeAnd, nodeOr:
		sep := " and "
		if m.kind == nodeOr {
			sep = " or "
		}
		for i, t := range m.terms {
			if i > 0 {
				b.WriteString(sep)
			}
			// "and" binds tighter than "or", so only an "or" inside an
			// "and" needs parentheses.
			if m.kind == nodeAnd && t.kind == nodeOr {
				b.WriteByte('(')
				t.write(b)
				b.WriteByte(')')
			} else {
				t.write(b)
			}
		}
	}
}

func (o operand) write(b *strings.Builder) {
	if o.variable != "" {
		b.WriteString(o.variable)
		return
	}
	q := `"`
	if strings.Contains(o.value, `"`) {
		q = `'`
	}
	b.WriteString(q + o.value + q)
}
