package apk

import "github.com/pyko-dev/pyko/internal/apk/version"

// Matches reports whether version v satisfies d's version constraint, as
// apk-tools' apk_version_match does. It ignores d.Name and d.Conflict: for a
// conflict ("!foo<2") it tells whether v is a version the conflict forbids.
//
// "~1.2" (and "=~1.2") matches 1.2 and any version whose leading components
// are 1.2 (1.2.3, 1.2_rc1, 1.2-r4), but not 1.20. "><" is apk-tools'
// checksum form; pyko treats it as any version.
func (d Dependency) Matches(v string) bool {
	switch d.Op {
	case OpAny, OpAnyVer:
		return true
	case OpFuzzy, OpFuzzyEq:
		return version.CompareFuzzy(v, d.Version) == 0
	}
	c := version.Compare(v, d.Version)
	switch d.Op {
	case OpEqual:
		return c == 0
	case OpLess:
		return c < 0
	case OpLessEq:
		return c <= 0
	case OpGreater:
		return c > 0
	case OpGreatEq:
		return c >= 0
	}
	return false // an operator ParseDependency never produces
}

// SatisfiedBy reports whether package p satisfies d (ignoring d.Conflict):
// p is named d.Name and its version matches, or p provides d.Name. A provide
// with a version ("so:libc.so.6=6") satisfies versioned and unversioned
// dependencies on that name; a provide without one ("cmd:python3")
// satisfies only unversioned ones, as in apk-tools.
func (d Dependency) SatisfiedBy(p *Package) bool {
	if p.Name == d.Name && d.Matches(p.Version) {
		return true
	}
	for _, pr := range p.Provides {
		if pr.Name != d.Name {
			continue
		}
		if d.Op == OpAny {
			return true
		}
		if pr.Op == OpEqual && d.Matches(pr.Version) {
			return true
		}
	}
	return false
}
