package requirements

import (
	"strings"

	"github.com/pyko-dev/pyko/internal/python/pep440"
)

// parseVersion parses a pinned version; a "===" pin may be no PEP 440
// version at all.
func parseVersion(s string) (pep440.Version, bool) {
	v, err := pep440.Parse(s)
	return v, err == nil
}

// sameVersion reports whether two pins name one version: equal as PEP 440
// versions ("1.0" and "1.0.0"), or as strings without regard to case when
// either is not one, as "===" compares.
func sameVersion(a, b string) bool {
	va, okA := parseVersion(a)
	vb, okB := parseVersion(b)
	if okA && okB {
		return pep440.Compare(va, vb) == 0
	}
	return strings.EqualFold(a, b)
}
