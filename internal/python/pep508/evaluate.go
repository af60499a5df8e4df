package pep508

import (
	"strings"

	"github.com/pyko-dev/pyko/internal/python/pep440"
	"github.com/pyko-dev/pyko/internal/python/pep503"
)

// Evaluate reports whether the marker holds in env when the extras named
// are being installed. A nil Marker is always true.
//
// "extra" is compared with the set of extras: extra == "foo" is true when
// foo, normalised with pep503, is among extras, and extra != "foo" when it
// is not (uv's reading; pip evaluates a METADATA marker once per extra,
// which agrees for these two operators). The PEP 751 form "foo" in extras
// tests the same set; "foo" in dependency_groups is false here (see
// EvaluateGroups).
func (m *Marker) Evaluate(env Environment, extras []string) bool {
	return m.EvaluateGroups(env, extras, nil)
}

// EvaluateGroups is Evaluate with the dependency groups being installed,
// for the PEP 751 variable dependency_groups of pylock.toml markers.
func (m *Marker) EvaluateGroups(env Environment, extras, groups []string) bool {
	if m == nil {
		return true
	}
	c := evalContext{env: env, extras: normalizedSet(extras), groups: normalizedSet(groups)}
	return c.eval(m)
}

type evalContext struct {
	env            Environment
	extras, groups map[string]bool
}

func normalizedSet(names []string) map[string]bool {
	set := make(map[string]bool, len(names))
	for _, n := range names {
		set[pep503.Normalize(n)] = true
	}
	return set
}

func (c evalContext) eval(m *Marker) bool {
	switch m.kind {
	case nodeAnd:
		for _, t := range m.terms {
			if !c.eval(t) {
				return false
			}
		}
		return true
	case nodeOr:
		for _, t := range m.terms {
			if c.eval(t) {
				return true
			}
		}
		return false
	}
	return c.compare(m)
}

func (c evalContext) compare(m *Marker) bool {
	switch m.right.variable {
	case "extras": // the parser allows only "name" in|not in extras
		return c.extras[m.left.value] == (m.op == "in")
	case "dependency_groups":
		return c.groups[m.left.value] == (m.op == "in")
	}
	if m.left.variable == "extra" || m.right.variable == "extra" {
		return c.compareExtra(m)
	}
	l, r := c.value(m.left), c.value(m.right)
	if variables[m.left.variable] == kindVersion || variables[m.right.variable] == kindVersion {
		if result, ok := compareVersions(l, m.op, r); ok {
			return result
		}
	}
	return compareStrings(l, m.op, r)
}

// compareExtra compares against the set of extras. For operators other
// than == and != it tries each extra (or "" when there are none) and
// holds if any comparison does, which is pip's per-extra evaluation.
func (c evalContext) compareExtra(m *Marker) bool {
	other := m.right
	if m.right.variable == "extra" {
		other = m.left
	}
	name := pep503.Normalize(c.value(other))
	switch m.op {
	case "==", "===":
		return c.extras[name]
	case "!=":
		return !c.extras[name]
	}
	candidates := []string{""}
	if len(c.extras) > 0 {
		candidates = candidates[:0]
		for e := range c.extras {
			candidates = append(candidates, e)
		}
	}
	for _, e := range candidates {
		l, r := e, name
		if m.right.variable == "extra" {
			l, r = name, e
		}
		if compareStrings(l, m.op, r) {
			return true
		}
	}
	return false
}

// value is an operand's string: the literal, or the variable's value in
// env. A variable missing from env is "0" for the version variables and ""
// for the others, as the spec says of values that cannot be computed.
func (c evalContext) value(o operand) string {
	if o.variable == "" {
		return o.value
	}
	v, ok := c.env[o.variable]
	if !ok && variables[o.variable] == kindVersion {
		return "0"
	}
	// platform.python_version() of an untagged CPython build ends in "+",
	// which is no PEP 440 version; packaging repairs it the same way.
	if o.variable == "python_full_version" && strings.HasSuffix(v, "+") {
		v += "local"
	}
	return v
}

// compareVersions applies op as a PEP 440 specifier, "l op r" being
// "r's specifier contains l", pre-releases included. ok is false when
// either side is not a version or op+r is no valid specifier (such as
// ~= "3", or a wildcard with <), so the caller falls back to strings.
func compareVersions(l, op, r string) (result, ok bool) {
	if op == "in" || op == "not in" || strings.Contains(r, ",") {
		return false, false
	}
	spec, err := pep440.ParseSpecifiers(op + r)
	if err != nil || len(spec) != 1 {
		return false, false
	}
	v, err := pep440.Parse(l)
	if err != nil {
		return false, false
	}
	return spec.Contains(v, true), true
}

// compareStrings is the spec's rule for values that are not both
// versions: ==, === and != test equality, >= and <= equality too ("no
// ordering is assumed"), < and > are false, in and not in are Python's
// substring tests, and ~= is undefined, so false.
func compareStrings(l, op, r string) bool {
	switch op {
	case "==", "===", "<=", ">=":
		return l == r
	case "!=":
		return l != r
	case "in":
		return strings.Contains(r, l)
	case "not in":
		return !strings.Contains(r, l)
	}
	return false
}
