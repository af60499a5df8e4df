package wolfimirror

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pyko-dev/pyko/internal/apk/version"
)

var (
	// upstreamRe is the part of a Debian upstream version that is also an
	// APK version: numbers separated by dots and an optional letter
	// ("1.2.13.dfsg" gives "1.2.13", "20250419~deb12u2" gives "20250419").
	upstreamRe = regexp.MustCompile(`^[0-9]+(\.[0-9]+)*[a-z]?`)
	// stableUpdateRe finds the stable-update counter of a Debian revision
	// ("9+deb12u14", "1~deb12u2", "4+deb12u1+b1").
	stableUpdateRe = regexp.MustCompile(`deb[0-9]+u([0-9]+)`)
)

// apkVersion maps a Debian version to an APK version: the epoch and the
// Debian-only parts of the upstream version are dropped, and the stable
// update counter becomes the revision ("1:2.36-9+deb12u14" gives
// "2.36-r14"; without one the revision is r0). Two Debian versions may map
// to the same APK version; the mirror holds one version of each package, so
// that does not matter here.
func apkVersion(deb string) (string, error) {
	v := deb
	if i := strings.IndexByte(v, ':'); i >= 0 {
		v = v[i+1:]
	}
	up := upstreamRe.FindString(v)
	if up == "" {
		return "", fmt.Errorf("debian version %q: no numeric upstream version to map to an APK version", deb)
	}
	rev := "0"
	if m := stableUpdateRe.FindStringSubmatch(v); m != nil {
		rev = m[1]
	}
	out := up + "-r" + rev
	if !version.Valid(out) {
		return "", fmt.Errorf("debian version %q: mapped to %q, which is not a valid APK version", deb, out)
	}
	return out, nil
}
