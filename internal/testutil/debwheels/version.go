package debwheels

import (
	"fmt"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/pep440"
)

// upstreamVersion turns a Debian version into the PEP 440 version of the
// upstream release it packages: the epoch ("1:") and the Debian revision
// ("-1", "-1+deb12u1", "-2+b1") are dropped, then everything from the
// first "+" (repack suffixes: "+dfsg", "+ds1"), and "~" (Debian's "sorts
// before") is removed so that "1.0~rc1" reads as "1.0rc1". The result is
// normalised. Callers check it against the version in the package's own
// metadata, which catches the rare "+really" versions.
func upstreamVersion(debian string) (string, error) {
	v := debian
	if _, after, ok := strings.Cut(v, ":"); ok {
		v = after
	}
	if i := strings.LastIndexByte(v, '-'); i >= 0 {
		v = v[:i]
	}
	if i := strings.IndexByte(v, '+'); i >= 0 {
		v = v[:i]
	}
	v = strings.ReplaceAll(v, "~", "")
	pv, err := pep440.Parse(v)
	if err != nil {
		return "", fmt.Errorf("reading Debian version %q as an upstream version: %w", debian, err)
	}
	return pv.String(), nil
}
