package target

import "regexp"

// upstreamRe is the upstream part of a package version: an APK version
// ("3.12.4-r0") or a Debian one with epoch and revision ("1:2.36-9+deb12u4").
var upstreamRe = regexp.MustCompile(`^(?:[0-9]+:)?([0-9]+\.[0-9]+(?:\.[0-9]+)?)`)

// Upstream returns "3.12.4" for "3.12.4-r0" and "2.36" for "2.36-9+deb12u4";
// a version it cannot read is returned as it is.
func Upstream(version string) string {
	if u, ok := ParseUpstream(version); ok {
		return u
	}
	return version
}

// ParseUpstream is Upstream that says whether version starts with a
// MAJOR.MINOR[.PATCH] release at all.
func ParseUpstream(version string) (string, bool) {
	m := upstreamRe.FindStringSubmatch(version)
	if m == nil {
		return "", false
	}
	return m[1], true
}
