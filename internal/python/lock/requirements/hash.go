package requirements

import (
	"fmt"
	"strings"
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

// sha256Hashes returns the sha256 digests of a requirement's --hash values.
// A requirement whose hashes are all of another algorithm is an error:
// pyko checks sha256, which every index and lock tool records.
func sha256Hashes(values []string) ([]string, error) {
	var out, others []string
	for _, v := range values {
		algo, digest, err := parseHash(v)
		if err != nil {
			return nil, err
		}
		if algo == "sha256" {
			out = appendUnique(out, digest)
		} else {
			others = appendUnique(others, algo)
		}
	}
	if len(out) == 0 && len(others) > 0 {
		return nil, fmt.Errorf("it has only %s hashes and pyko checks sha256: regenerate them with sha256 (pip-compile --generate-hashes and uv pip compile --generate-hashes write sha256)", strings.Join(others, " and "))
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
