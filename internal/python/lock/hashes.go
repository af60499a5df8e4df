package lock

import (
	"fmt"
	"strings"
)

// hexLengths are the hex lengths of the algorithms pip accepts in --hash
// (its STRONG_HASHES): the ones a lock's pins may use.
var hexLengths = map[string]int{"sha256": 64, "sha384": 96, "sha512": 128}

// StrongHash reports whether alg is one of the algorithms pins may use:
// sha256, sha384 or sha512.
func StrongHash(alg string) bool { return hexLengths[alg] != 0 }

// ParseHash reads an "algorithm:hex" hash of a strong algorithm and
// returns the algorithm and the lowercase digest. The error says what is
// wrong with it.
func ParseHash(h string) (alg, digest string, err error) {
	alg, digest, ok := strings.Cut(h, ":")
	if !ok {
		return "", "", fmt.Errorf("hash %q is not algorithm:hex", h)
	}
	alg, digest = strings.ToLower(alg), strings.ToLower(digest)
	n := hexLengths[alg]
	if n == 0 {
		return "", "", fmt.Errorf("hash %q: algorithm %q is not sha256, sha384 or sha512", h, alg)
	}
	if len(digest) != n || strings.Trim(digest, "0123456789abcdef") != "" {
		return "", "", fmt.Errorf("hash %q is not %d hex digits", h, n)
	}
	return alg, digest, nil
}

// Pin is how Package.Hashes writes a digest: a sha256 one as bare hex (as
// every lock tool records sha256), another as "algorithm:hex".
func Pin(alg, digest string) string {
	if alg == "sha256" {
		return digest
	}
	return alg + ":" + digest
}

// SplitPin is Pin's inverse: the algorithm and digest of one of
// Package.Hashes.
func SplitPin(pin string) (alg, digest string) {
	if alg, digest, ok := strings.Cut(pin, ":"); ok {
		return alg, digest
	}
	return "sha256", pin
}

// SetHash records an "algorithm:hex" hash as uv.lock and poetry.lock write
// it on f: a sha256 one in SHA256, a sha384 or sha512 one in Hashes.
// Another algorithm is ignored (some private indexes give only md5), as
// is an empty hash. The error says what is wrong with a malformed one.
func (f *File) SetHash(h string) error {
	if h == "" {
		return nil
	}
	alg, _, ok := strings.Cut(h, ":")
	if !ok {
		return fmt.Errorf("hash %q has no algorithm", h)
	}
	if !StrongHash(strings.ToLower(alg)) {
		return nil
	}
	alg, d, err := ParseHash(h)
	if err != nil {
		return err
	}
	if alg == "sha256" {
		f.SHA256 = d
		return nil
	}
	if f.Hashes == nil {
		f.Hashes = map[string]string{}
	}
	f.Hashes[alg] = d
	return nil
}
