package requirements

import (
	"fmt"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/lock"
)

// hashLengths are the hex lengths of the algorithms pip accepts in --hash
// (its STRONG_HASHES).
var hashLengths = map[string]int{"sha256": 64, "sha384": 96, "sha512": 128}

// parseHash checks one --hash value, "algorithm:hex", and returns the
// algorithm and the lower-case digest.
func parseHash(v string) (algo, digest string, err error) {
	algo, digest, ok := strings.Cut(v, ":")
	if !ok {
		return "", "", fmt.Errorf("--hash=%s is not algorithm:hex, as in --hash=sha256:<64 hex digits>", v)
	}
	algo, digest = strings.ToLower(algo), strings.ToLower(digest)
	n, ok := hashLengths[algo]
	if !ok {
		return "", "", fmt.Errorf("--hash=%s: unknown algorithm %q; pip accepts sha256, sha384 and sha512", v, algo)
	}
	if len(digest) != n || strings.Trim(digest, "0123456789abcdef") != "" {
		return "", "", fmt.Errorf("--hash=%s: a %s digest is %d hex digits", v, algo, n)
	}
	return algo, digest, nil
}

// pinnedHashes returns a requirement's --hash values as lock.Package.Hashes
// writes them (sha256 as bare hex, sha384 and sha512 as "algorithm:hex"),
// each once. pip accepts all three; the file is checked against whichever
// are given.
func pinnedHashes(values []string) ([]string, error) {
	var out []string
	for _, v := range values {
		algo, digest, err := parseHash(v)
		if err != nil {
			return nil, err
		}
		out = appendUnique(out, lock.Pin(algo, digest))
	}
	return out, nil
}

// appendUnique appends s to list unless it is there already.
func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
