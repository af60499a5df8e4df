package wheelname

import "strings"

// sdistExtensions are the archive formats pip accepts for source
// distributions; PEP 625 allows only .tar.gz for new uploads, older
// releases on PyPI use the others.
var sdistExtensions = []string{".tar.gz", ".zip", ".tar.bz2", ".tgz", ".tar.xz", ".tar"}

// IsSdist reports whether filename looks like a source distribution,
// {name}-{version}.tar.gz (or .zip and the older archive formats), so
// that "only an sdist is available" can be told apart from "no file".
func IsSdist(filename string) bool {
	if strings.ContainsAny(filename, `/\`) {
		return false
	}
	for _, ext := range sdistExtensions {
		stem, ok := strings.CutSuffix(filename, ext)
		if !ok {
			continue
		}
		// Old sdists may have dashes in the name: the version follows the
		// last one.
		i := strings.LastIndexByte(stem, '-')
		return i > 0 && i < len(stem)-1
	}
	return false
}
