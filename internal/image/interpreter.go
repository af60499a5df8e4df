package image

import (
	"path"
	"strconv"
	"strings"
)

// Interpreter returns the newest python3.N among the base's interpreters;
// on a tie /usr/bin wins over /usr/local/bin.
func (f *Facts) Interpreter() (string, bool) {
	best, bestMinor := "", -1
	for _, p := range f.Interpreters {
		minor, err := strconv.Atoi(strings.TrimPrefix(path.Base(p), "python3."))
		if err != nil {
			continue
		}
		if minor > bestMinor || (minor == bestMinor && strings.HasPrefix(p, "/usr/bin/")) {
			best, bestMinor = p, minor
		}
	}
	return best, best != ""
}
