package poetry

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/pep440"
)

// constraint is a Poetry version constraint: a union ("||") of
// intersections ("," or spaces) of clauses. nil matches every version.
// Poetry's syntax is PEP 440's plus caret (^1.2: >=1.2,<2.0), tilde
// (~1.2: >=1.2,<1.3), bare versions (1.2: ==1.2), "=" and "*":
// https://python-poetry.org/docs/dependency-specification/#version-constraints
type constraint [][]clause

// clause is one comparison. short is true when its version has at most two
// release numbers: against a Python version, such a clause compares the
// interpreter's X.Y (python_version), as Poetry does, so that "<=3.12"
// admits 3.12.4 and ">3.12" does not.
type clause struct {
	spec  pep440.Specifiers
	short bool
}

var (
	unions  = regexp.MustCompile(`\s*\|\|?\s*`)
	opSpace = regexp.MustCompile(`(===|==|!=|>=|<=|~=|>|<|=|\^|~)\s+`)
	clauses = regexp.MustCompile(`[,\s]+`)
	opFront = regexp.MustCompile(`^(===|==|!=|>=|<=|~=|>|<|=|\^|~)?(.*)$`)
)

// parseConstraint parses a Poetry constraint.
func parseConstraint(s string) (constraint, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "*" {
		return nil, nil
	}
	var c constraint
	for _, part := range unions.Split(s, -1) {
		if strings.TrimSpace(part) == "" {
			return nil, fmt.Errorf("parsing constraint %q: an empty alternative", s)
		}
		var and []clause
		for _, raw := range clauses.Split(opSpace.ReplaceAllString(strings.TrimSpace(part), "$1"), -1) {
			if raw == "" || raw == "*" {
				continue
			}
			cl, err := parseClause(raw)
			if err != nil {
				return nil, fmt.Errorf("parsing constraint %q: %w", s, err)
			}
			and = append(and, cl...)
		}
		if len(and) == 0 {
			return nil, nil // one side of the union admits everything
		}
		c = append(c, and)
	}
	return c, nil
}

func parseClause(raw string) ([]clause, error) {
	m := opFront.FindStringSubmatch(raw)
	op, ver := m[1], m[2]
	switch op {
	case "^", "~":
		return caretTilde(op, ver)
	case "", "=":
		op = "=="
	}
	one, err := newClause(op, ver)
	return []clause{one}, err
}

func newClause(op, ver string) (clause, error) {
	spec, err := pep440.ParseSpecifiers(op + ver)
	if err != nil {
		return clause{}, err
	}
	return clause{spec: spec, short: releaseLen(ver) <= 2}, nil
}

// caretTilde expands ^v and ~v into a lower and an upper bound. The upper
// bound bumps the first non-zero release number for a caret (or the last
// one written, when all are zero) and the minor number for a tilde (the
// major when only it is written).
func caretTilde(op, ver string) ([]clause, error) {
	v, err := pep440.Parse(ver)
	if err != nil {
		return nil, err
	}
	n := releaseLen(ver)
	rel := v.Release()
	at := 0 // index of the release number to bump
	switch {
	case op == "~" && n > 1:
		at = 1
	case op == "^":
		for at < n-1 && rel[at] == 0 {
			at++
		}
	}
	upper := make([]string, at+1)
	for i := 0; i < at; i++ {
		upper[i] = strconv.FormatUint(rel[i], 10)
	}
	upper[at] = strconv.FormatUint(rel[at]+1, 10)
	lo, err := newClause(">=", ver)
	if err != nil {
		return nil, err
	}
	hi, err := newClause("<", strings.Join(upper, "."))
	if err != nil {
		return nil, err
	}
	return []clause{lo, hi}, nil
}

// releaseLen counts the release numbers written in ver ("3.12.*" has 2).
func releaseLen(ver string) int {
	v, err := pep440.Parse(strings.TrimSuffix(ver, ".*"))
	if err != nil {
		return 3
	}
	return len(v.Release())
}

// admits reports whether v matches; a locked version is what it is, so
// pre-releases are admitted.
func (c constraint) admits(v pep440.Version) bool {
	return c.match(func(clause) pep440.Version { return v })
}

// admitsPython reports whether the interpreter full (3.12.4), whose
// python_version is minor (3.12), matches a Python constraint.
func (c constraint) admitsPython(full, minor pep440.Version) bool {
	return c.match(func(cl clause) pep440.Version {
		if cl.short {
			return minor
		}
		return full
	})
}

func (c constraint) match(pick func(clause) pep440.Version) bool {
	if c == nil {
		return true
	}
	for _, and := range c {
		ok := true
		for _, cl := range and {
			if !cl.spec.Contains(pick(cl), true) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
