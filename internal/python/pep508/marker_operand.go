package pep508

import "strings"

// operand = quoted string | marker variable
func (p *scanner) operand() (operand, error) {
	if q := p.peek(); q == '"' || q == '\'' {
		end := strings.IndexByte(p.s[p.i+1:], q)
		if end < 0 {
			return operand{}, p.errAt(p.i, "unterminated string: no closing %c", q)
		}
		v := p.s[p.i+1 : p.i+1+end]
		p.i += end + 2
		return operand{value: v}, nil
	}
	w := p.word()
	switch w {
	case "":
		return operand{}, p.errAt(p.i, "expected a marker variable or a quoted string, found %s", p.found())
	case "and", "or", "in", "not":
		return operand{}, p.errAt(p.i, "expected a marker variable or a quoted string, found %q", w)
	}
	name, ok := lookupVariable(w)
	if !ok && w[0] >= '0' && w[0] <= '9' {
		return operand{}, p.errAt(p.i, "expected a marker variable or a quoted string, found %s: quote it, as in \"%s\"", w, w)
	}
	if !ok {
		return operand{}, p.errAt(p.i, "unknown marker variable %q (known: python_version, python_full_version, sys_platform, platform_machine, platform_system, os_name, implementation_name, extra, …)", w)
	}
	p.i += len(w)
	return operand{variable: name}, nil
}

// markerOps are the comparison operators, longest first.
var markerOps = []string{"===", "==", "~=", "!=", "<=", ">=", "<", ">"}

// operator = version_cmp | "in" | "not" wsp+ "in"
func (p *scanner) operator() (string, error) {
	start := p.i
	j := p.i
	for j < len(p.s) && strings.IndexByte("<=>!~", p.s[j]) >= 0 {
		j++
	}
	if j > start {
		op := p.s[start:j]
		for _, known := range markerOps {
			if op == known {
				p.i = j
				return op, nil
			}
		}
		if op == "=" {
			return "", p.errAt(start, `unknown operator "=": did you mean "=="?`)
		}
		return "", p.errAt(start, "unknown operator %q (use ==, !=, <, <=, >, >=, ~=, ===, in or not in)", op)
	}
	switch p.word() {
	case "in":
		p.i += 2
		return "in", nil
	case "not":
		p.i += 3
		if !p.skipSpace() || p.word() != "in" {
			return "", p.errAt(p.i, `expected whitespace and "in" after "not", found %s`, p.found())
		}
		p.i += 2
		return "not in", nil
	}
	return "", p.errAt(start, "expected a comparison operator (==, !=, <, <=, >, >=, ~=, ===, in, not in), found %s", p.found())
}
