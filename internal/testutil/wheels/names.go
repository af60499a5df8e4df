package wheels

import (
	"strings"

	"github.com/pyko-dev/pyko/internal/python/pep503"
)

// escape is a distribution name as file names spell it: normalized, with
// "_" for "-", so that "-" only separates the name's components.
func escape(name string) string {
	return strings.ReplaceAll(pep503.Normalize(name), "-", "_")
}

// escapeVersion keeps "-" out of a version in a file name.
func escapeVersion(v string) string { return strings.ReplaceAll(v, "-", "_") }

// ExpandTags expands a compressed tag triple ("py2.py3-none-any") into its
// tags in order ("py2-none-any", "py3-none-any").
func ExpandTags(tags string) []string {
	parts := strings.Split(tags, "-")
	if len(parts) != 3 {
		return []string{tags}
	}
	var out []string
	for _, py := range strings.Split(parts[0], ".") {
		for _, abi := range strings.Split(parts[1], ".") {
			for _, plat := range strings.Split(parts[2], ".") {
				out = append(out, py+"-"+abi+"-"+plat)
			}
		}
	}
	return out
}
