// Package debversion compares Debian package versions as dpkg does
// ([epoch:]upstream[-revision], deb-version(7)): numbers as numbers, and
// in the other parts "~" before everything, even the end, letters before
// other characters.
package debversion

import (
	"strconv"
	"strings"
)

// Compare returns -1, 0 or 1 as a is older than, the same as or newer
// than b.
func Compare(a, b string) int {
	ea, ua, ra := split(a)
	eb, ub, rb := split(b)
	if ea != eb {
		if ea < eb {
			return -1
		}
		return 1
	}
	if c := compareString(ua, ub); c != 0 {
		return c
	}
	return compareString(ra, rb)
}

func split(v string) (epoch int, upstream, revision string) {
	if e, rest, ok := strings.Cut(v, ":"); ok {
		epoch, _ = strconv.Atoi(e)
		v = rest
	}
	if i := strings.LastIndex(v, "-"); i >= 0 {
		return epoch, v[:i], v[i+1:]
	}
	return epoch, v, ""
}

// compareString is dpkg's verrevcmp: alternating non-digit and digit
// runs.
func compareString(a, b string) int {
	for a != "" || b != "" {
		var na, nb string
		na, a = cut(a, false)
		nb, b = cut(b, false)
		if c := compareNonDigits(na, nb); c != 0 {
			return c
		}
		na, a = cut(a, true)
		nb, b = cut(b, true)
		if c := compareDigits(na, nb); c != 0 {
			return c
		}
	}
	return 0
}

func cut(s string, digits bool) (string, string) {
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9') == digits {
		i++
	}
	return s[:i], s[i:]
}

func order(c byte, end bool) int {
	switch {
	case end:
		return 0
	case c == '~':
		return -1
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		return int(c)
	}
	return int(c) + 256
}

func compareNonDigits(a, b string) int {
	for i := 0; i < len(a) || i < len(b); i++ {
		var ca, cb byte
		if i < len(a) {
			ca = a[i]
		}
		if i < len(b) {
			cb = b[i]
		}
		oa, ob := order(ca, i >= len(a)), order(cb, i >= len(b))
		if oa != ob {
			if oa < ob {
				return -1
			}
			return 1
		}
	}
	return 0
}

func compareDigits(a, b string) int {
	a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
	if len(a) != len(b) {
		if len(a) < len(b) {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}
