package fetch

import (
	"fmt"
	"path/filepath"
	"strings"
)

// maxKeyLen bounds a key, well under PATH_MAX once joined to the cache
// directory.
const maxKeyLen = 512

// CheckKey reports whether key can name a file under the cache's blobs/
// directory: a relative slash-separated path of elements made of ASCII
// letters, digits and "._-+=~@,", no element "." or "..", no empty element,
// at most 255 bytes per element and 512 in all. Keys are checked, not
// rewritten, so two different keys never share a file. Checksums in base64
// contain "/" and must be encoded first (hex, or base64 URL encoding).
func CheckKey(key string) error {
	if key == "" {
		return fmt.Errorf("cache key is empty")
	}
	if len(key) > maxKeyLen {
		return fmt.Errorf("cache key %.40q... is longer than %d bytes", key, maxKeyLen)
	}
	for elem := range strings.SplitSeq(key, "/") {
		switch {
		case elem == "":
			return fmt.Errorf("cache key %q has an empty path element (leading, trailing or double slash)", key)
		case elem == "." || elem == "..":
			return fmt.Errorf("cache key %q has a %q element", key, elem)
		case len(elem) > 255:
			return fmt.Errorf("cache key %q has an element longer than 255 bytes", key)
		}
		for _, r := range elem {
			if !keyRune(r) {
				return fmt.Errorf("cache key %q has the character %q: use letters, digits and ._-+=~@,", key, r)
			}
		}
	}
	// Belt and braces: the rules above already imply this.
	if !filepath.IsLocal(filepath.FromSlash(key)) {
		return fmt.Errorf("cache key %q is not a local path", key)
	}
	return nil
}

func keyRune(r rune) bool {
	switch {
	case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
		return true
	}
	return strings.ContainsRune("._-+=~@,", r)
}
