package simpleapi

import (
	"strings"

	"github.com/pyko-dev/pyko/internal/python/pep503"
)

// sdistExt cuts the archive suffix of a source distribution's name.
func sdistExt(name string) (stem string, ok bool) {
	for _, ext := range []string{".tar.gz", ".zip", ".tar.bz2", ".tar.xz", ".tgz", ".tar"} {
		if stem, ok := strings.CutSuffix(name, ext); ok {
			return stem, true
		}
	}
	return "", false
}

// forProject reports whether filename is a distribution of the project
// norm (normalized), for --find-links locations that hold many projects.
// A wheel's name is its first "-" component (escaped, "_" for "-"). An
// sdist's name is ambiguous ("foo-bar-1.0.tar.gz": project "foo-bar" or
// "foo"?), so every "-" is tried as the end of the name.
func forProject(filename, norm string) bool {
	if stem, ok := strings.CutSuffix(filename, ".whl"); ok {
		name, rest, ok := strings.Cut(stem, "-")
		return ok && rest != "" && pep503.Normalize(name) == norm
	}
	stem, ok := sdistExt(filename)
	if !ok {
		return false
	}
	for i := 0; i < len(stem); i++ {
		if stem[i] == '-' && i+1 < len(stem) && pep503.Normalize(stem[:i]) == norm {
			return true
		}
	}
	return false
}
