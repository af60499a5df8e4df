package pep440

import "strings"

// matches reports whether v satisfies the clause, leaving the pre-release
// policy to Specifiers.Contains. The comments quote the rule each case keeps.
func (s Specifier) matches(v Version) bool {
	switch s.Op {
	case OpArbitrary:
		// "simple string equality", here of v's normalised form and
		// without regard to case, as pypa/packaging does.
		return strings.EqualFold(v.String(), s.Arbitrary)
	case OpEqual:
		return s.equal(v)
	case OpNotEqual:
		return !s.equal(v)
	case OpCompatible:
		// "~=V.N" is ">=V.N, ==V.*": at least V.N, same prefix. Parsing
		// guarantees two release numbers; a hand-built clause may not.
		r := s.Version.release
		return len(r) >= 2 && Compare(v, s.Version) >= 0 && hasPrefix(v, s.Version.epoch, r[:len(r)-1])
	case OpGreaterEqual:
		return Compare(v, s.Version) >= 0
	case OpLessEqual:
		// A local version of V is V for inclusive comparisons.
		return Compare(v.Public(), s.Version) <= 0
	case OpLess:
		return s.less(v)
	case OpGreater:
		return s.greater(v)
	}
	return false
}

// equal is "==": prefix matching with zero padding for "V.*"; otherwise
// the candidate's local label is ignored unless V has one.
func (s Specifier) equal(v Version) bool {
	if s.Wildcard {
		return hasPrefix(v, s.Version.epoch, s.Version.release)
	}
	if len(s.Version.local) == 0 {
		v = v.Public()
	}
	return Compare(v, s.Version) == 0
}

// less is "<V", which "MUST NOT allow a pre-release of the specified version
// unless the specified version is itself a pre-release": below V.dev0, the
// first pre-release of V, when V is a final or post release.
func (s Specifier) less(v Version) bool {
	bound := s.Version
	if !bound.IsPrerelease() {
		bound.dev = optNum{0, true}
	}
	return Compare(v, bound) < 0
}

// greater is ">V", which "MUST NOT allow a post-release of the given version
// unless V itself is a post release" and "MUST NOT match a local version of
// the specified version".
func (s Specifier) greater(v Version) bool {
	if Compare(v.Public(), s.Version) <= 0 {
		return false
	}
	sv := s.Version
	if sv.post.ok || sv.dev.ok {
		// V has no post-releases of its own to exclude (V.devN) or asks
		// for later ones (V.postN).
		return true
	}
	// Above V but sharing its epoch, release and pre-release means a
	// post-release of V (1.0.post1, 1.0a1.post1.dev2, with any local).
	return v.epoch != sv.epoch || compareRelease(v.release, sv.release) != 0 ||
		v.pre != sv.pre || v.preN != sv.preN
}

// hasPrefix reports whether v's epoch is epoch and its release, padded with
// zeros or truncated, starts with prefix.
func hasPrefix(v Version, epoch uint64, prefix []uint64) bool {
	if v.epoch != epoch {
		return false
	}
	for i, n := range prefix {
		if v.releaseAt(i) != n {
			return false
		}
	}
	return true
}
