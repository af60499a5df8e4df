package pep440

import (
	"cmp"
	"strings"
)

// Compare orders versions as the spec does and returns -1, 0 or +1. Within an
// epoch and release (trailing zeros ignored: 1.0 == 1.0.0):
//
//	1.0.dev1 < 1.0a1.dev1 < 1.0a1 < 1.0a1.post1 < 1.0 < 1.0+local < 1.0.post1.dev1 < 1.0.post1
//
// A development release of a final release sorts before all of its
// pre-releases. Local labels compare segment by segment: numbers
// numerically, letters lexicographically, a number above any letters, and a
// longer label above its own prefix.
//
// It fits slices.SortFunc.
func Compare(a, b Version) int {
	if c := cmp.Compare(a.epoch, b.epoch); c != 0 {
		return c
	}
	if c := compareRelease(a.release, b.release); c != 0 {
		return c
	}
	if c := comparePre(a, b); c != 0 {
		return c
	}
	// No post-release sorts before any post-release.
	if c := compareOpt(a.post, b.post, -1); c != 0 {
		return c
	}
	// No dev-release sorts after any dev-release of the same version.
	if c := compareOpt(a.dev, b.dev, +1); c != 0 {
		return c
	}
	return compareLocal(a.local, b.local)
}

// compareRelease compares as if the shorter release were padded with zeros.
func compareRelease(a, b []uint64) int {
	for i := range max(len(a), len(b)) {
		var x, y uint64
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if c := cmp.Compare(x, y); c != 0 {
			return c
		}
	}
	return 0
}

// preRank places the pre-release segment: a bare dev release (1.0.dev1) below
// every pre-release, then a, b, rc, then no pre-release at all.
func preRank(v Version) int {
	switch {
	case v.pre != preNone:
		return int(v.pre)
	case v.dev.ok && !v.post.ok:
		return int(preNone)
	default:
		return int(preRC) + 1
	}
}

func comparePre(a, b Version) int {
	if c := cmp.Compare(preRank(a), preRank(b)); c != 0 {
		return c
	}
	if a.pre != preNone {
		return cmp.Compare(a.preN, b.preN)
	}
	return 0
}

// compareOpt compares optional numbers; absent sorts at the side given.
func compareOpt(a, b optNum, absent int) int {
	switch {
	case a.ok && b.ok:
		return cmp.Compare(a.n, b.n)
	case a.ok:
		return -absent
	case b.ok:
		return absent
	}
	return 0
}

// compareLocal orders local labels; no label sorts first.
func compareLocal(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if c := compareLocalSegment(a[i], b[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

func compareLocalSegment(a, b string) int {
	an, bn := isNumeric(a), isNumeric(b)
	switch {
	case an && bn:
		// Normalised numbers have no leading zeros: longer is larger.
		if c := cmp.Compare(len(a), len(b)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	case an:
		return 1
	case bn:
		return -1
	}
	return strings.Compare(a, b)
}
