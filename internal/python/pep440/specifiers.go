package pep440

import (
	"fmt"
	"strings"
)

// Specifiers is a comma-separated version specifier such as ">=3.8,<4": a
// version satisfies it when it satisfies every clause. The empty Specifiers
// matches every version.
type Specifiers []Specifier

// ParseSpecifiers parses a comma-separated specifier, as found in
// requires-python or a requirement. Whitespace may surround each clause and
// separate an operator from its version. Empty clauses (">=3.8,") are
// skipped, as pip skips them. An error names the clause at fault.
func ParseSpecifiers(s string) (Specifiers, error) {
	var out Specifiers
	for clause := range strings.SplitSeq(s, ",") {
		if trimSpace(clause) == "" {
			continue
		}
		spec, err := parseSpecifier(clause)
		if err != nil {
			where := ""
			if c := trimSpace(clause); c != trimSpace(s) {
				where = fmt.Sprintf(" in %q", s)
			}
			return nil, fmt.Errorf("parsing version specifier %q%s: %w: %w", trimSpace(clause), where, ErrInvalidSpecifier, err)
		}
		out = append(out, spec)
	}
	return out, nil
}

// MustParseSpecifiers is ParseSpecifiers for constants known to be valid; it
// panics otherwise.
func MustParseSpecifiers(s string) Specifiers {
	specs, err := ParseSpecifiers(s)
	if err != nil {
		panic(err)
	}
	return specs
}

// String returns the normalised clauses joined by ",", in their original
// order, such as ">=3.8,<4"; ParseSpecifiers reads it back unchanged.
func (s Specifiers) String() string {
	parts := make([]string, len(s))
	for i, spec := range s {
		parts[i] = spec.String()
	}
	return strings.Join(parts, ",")
}

// Contains reports whether v satisfies every clause.
//
// Pre-releases (including development releases) are excluded unless
// prereleases is true or a clause itself names one (">=3.13.0b1"; "!=" and
// wildcards never do), as the spec and pip require. The spec's other
// exception, taking a pre-release when it is the only version that
// satisfies the specifier, is the caller's: ask again with prereleases set.
func (s Specifiers) Contains(v Version, prereleases bool) bool {
	if v.IsPrerelease() && !prereleases && !s.namesPrerelease() {
		return false
	}
	for _, spec := range s {
		if !spec.matches(v) {
			return false
		}
	}
	return true
}

// namesPrerelease reports whether any clause asks for a pre-release.
func (s Specifiers) namesPrerelease() bool {
	for _, spec := range s {
		if spec.namesPrerelease() {
			return true
		}
	}
	return false
}
