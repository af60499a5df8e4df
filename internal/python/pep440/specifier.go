package pep440

import (
	"errors"
	"fmt"
	"strings"
)

// The comparison operators of the spec.
const (
	OpCompatible   = "~="
	OpEqual        = "=="
	OpNotEqual     = "!="
	OpLessEqual    = "<="
	OpGreaterEqual = ">="
	OpLess         = "<"
	OpGreater      = ">"
	OpArbitrary    = "==="
)

// ErrInvalidSpecifier is wrapped by every error ParseSpecifiers returns.
var ErrInvalidSpecifier = errors.New("invalid version specifier")

// Specifier is one clause of a version specifier, such as ">=3.8", "==3.*"
// or "===foobar".
type Specifier struct {
	// Op is one of the Op constants.
	Op string
	// Version is the version after the operator; for a wildcard clause it
	// is the prefix before ".*". It is the zero Version for "===".
	Version Version
	// Wildcard marks prefix matching, "==V.*" or "!=V.*".
	Wildcard bool
	// Arbitrary is the literal string after "===", compared with a
	// candidate's normalised string without regard to case.
	Arbitrary string
}

// String returns the clause in normalised form, such as "~=3.10" or "!=3.9.*".
func (s Specifier) String() string {
	switch {
	case s.Op == OpArbitrary:
		return s.Op + s.Arbitrary
	case s.Wildcard:
		return s.Op + s.Version.String() + ".*"
	}
	return s.Op + s.Version.String()
}

// parseSpecifier parses one comma-free clause; whitespace may surround the
// clause and separate the operator from the version.
func parseSpecifier(clause string) (Specifier, error) {
	c := trimSpace(clause)
	var s Specifier
	// Longest first, so "===" wins over "==" and "<=" over "<".
	for _, op := range []string{OpArbitrary, OpCompatible, OpEqual, OpNotEqual,
		OpLessEqual, OpGreaterEqual, OpLess, OpGreater} {
		if strings.HasPrefix(c, op) {
			s.Op = op
			break
		}
	}
	if s.Op == "" {
		if _, err := Parse(c); err == nil {
			return s, fmt.Errorf("missing operator: did you mean \"==%s\" or \">=%s\"?", c, c)
		}
		return s, errors.New("expected an operator (~=, ==, !=, <=, >=, <, >, ===) followed by a version")
	}
	rest := trimSpace(c[len(s.Op):])
	if rest == "" {
		return s, fmt.Errorf("missing version after %q", s.Op)
	}
	if s.Op == OpArbitrary {
		// The spec's grammar stops an arbitrary string at whitespace, and
		// at ';' and ')' which end it inside a PEP 508 requirement.
		if i := strings.IndexFunc(rest, func(r rune) bool {
			return r == ';' || r == ')' || isSpace(r)
		}); i >= 0 {
			return s, fmt.Errorf("arbitrary version %q contains %q", rest, rest[i:i+1])
		}
		s.Arbitrary = rest
		return s, nil
	}
	if base, ok := strings.CutSuffix(rest, ".*"); ok {
		return parseWildcard(s, base)
	}
	v, err := Parse(rest)
	if err != nil {
		return s, err
	}
	s.Version = v
	if len(v.local) > 0 && s.Op != OpEqual && s.Op != OpNotEqual {
		return s, fmt.Errorf("local version label %q is only allowed with == and !=", "+"+v.Local())
	}
	if s.Op == OpCompatible && len(v.release) < 2 {
		return s, fmt.Errorf("%s needs at least two release numbers, as in ~=%d.0", s.Op, v.Major())
	}
	return s, nil
}

// parseWildcard parses the prefix of "==V.*" or "!=V.*", which is an
// optional epoch and a release and nothing else.
func parseWildcard(s Specifier, base string) (Specifier, error) {
	if s.Op != OpEqual && s.Op != OpNotEqual {
		return s, fmt.Errorf("the wildcard \".*\" is only allowed with == and !=, not %s", s.Op)
	}
	v, err := Parse(base)
	if err != nil {
		return s, err
	}
	if base != trimSpace(base) {
		return s, errors.New("no space is allowed before the wildcard \".*\"")
	}
	if v.pre != preNone || v.post.ok || v.dev.ok || len(v.local) > 0 {
		return s, fmt.Errorf("the wildcard \".*\" may only follow a release number, as in %s%s.*", s.Op, v.releaseString())
	}
	s.Version, s.Wildcard = v, true
	return s, nil
}

// releaseString is the epoch and release part of the normalised form.
func (v Version) releaseString() string {
	v.pre, v.post, v.dev, v.local = preNone, optNum{}, optNum{}, nil
	return v.String()
}

// namesPrerelease reports whether the clause itself asks for a pre-release
// (">=3.13.0b1"), which lets pre-releases match without being asked for.
// "!=" never does, nor does a wildcard, whose prefix cannot be one.
func (s Specifier) namesPrerelease() bool {
	switch {
	case s.Op == OpNotEqual || s.Wildcard:
		return false
	case s.Op == OpArbitrary:
		v, err := Parse(s.Arbitrary)
		return err == nil && v.IsPrerelease()
	}
	return s.Version.IsPrerelease()
}
