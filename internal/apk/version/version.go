package version

import "strings"

// Compare orders two versions as apk-tools does: -1 if a < b, 0 if they are
// equal, +1 if a > b.
func Compare(a, b string) int { return compare(a, b, false) }

// CompareFuzzy is Compare, except that a is also equal to b when b's
// components are a prefix of a's: CompareFuzzy("3.6.9", "3.6") == 0, but
// "3.60" does not match "3.6" because components compare whole. This is
// apk-tools' "~" constraint.
func CompareFuzzy(a, b string) int { return compare(a, b, true) }

// Valid reports whether s is a well-formed APK version.
func Valid(s string) bool {
	t := newTokenizer(s)
	for t.kind < tokEnd {
		t.next()
	}
	return t.kind == tokEnd
}

func compare(a, b string, fuzzy bool) int {
	ta, tb := newTokenizer(a), newTokenizer(b)
	for ta.kind == tb.kind && ta.kind < tokEnd {
		if r := compareToken(ta, tb); r != 0 {
			return r
		}
		ta.next()
		tb.next()
	}
	// Both ended (or both went invalid) at the same place, or b is a
	// prefix of a and the comparison is fuzzy.
	if ta.kind == tb.kind || (fuzzy && tb.kind == tokEnd) {
		return 0
	}
	// The common prefix is equal. The longer version is newer unless what
	// it has next is a pre-release suffix ("1.0_rc1" < "1.0").
	if ta.kind == tokSuffix && ta.suf < suffixNone {
		return -1
	}
	if tb.kind == tokSuffix && tb.suf < suffixNone {
		return 1
	}
	if ta.kind > tb.kind {
		return -1
	}
	if tb.kind > ta.kind {
		return 1
	}
	return 0
}

// compareToken compares two components of the same kind.
func compareToken(a, b *tokenizer) int {
	var x, y uint64
	switch a.kind {
	case tokDigit:
		// A leading zero makes the components compare as strings, like
		// Gentoo's rule: "1.01" < "1.1".
		if a.value[0] == '0' || b.value[0] == '0' {
			return strings.Compare(a.value, b.value)
		}
		x, y = a.num, b.num
	case tokInitialDigit, tokSuffixNo, tokRevisionNo:
		x, y = a.num, b.num
	case tokLetter:
		x, y = uint64(a.value[0]), uint64(b.value[0])
	case tokSuffix:
		x, y = uint64(a.suf), uint64(b.suf)
	default: // tokCommitHash: only order, no meaning
		return strings.Compare(a.value, b.value)
	}
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}
