package simpleapi

import (
	"fmt"
	"strings"
)

// hexLen is the length in hex digits of a digest of hashlib's guaranteed
// algorithms, the ones the simple API allows; 0 for any other name.
func hexLen(alg string) int {
	switch alg {
	case "md5":
		return 32
	case "sha1":
		return 40
	case "sha224":
		return 56
	case "sha256":
		return 64
	case "sha384":
		return 96
	case "sha512":
		return 128
	}
	return 0
}

// checkHash returns value as lowercase hex, checked against alg's length.
func checkHash(alg, value string) (string, error) {
	v := strings.ToLower(value)
	if len(v) != hexLen(alg) || strings.Trim(v, "0123456789abcdef") != "" {
		return "", fmt.Errorf("%s hash %q is not %d hex digits", alg, value, hexLen(alg))
	}
	return v, nil
}

// checkHashes keeps the digests of known algorithms, checked and
// lowercased; nil when none is left.
func checkHashes(in map[string]string) (map[string]string, error) {
	var out map[string]string
	for alg, v := range in {
		alg = strings.ToLower(alg)
		if hexLen(alg) == 0 {
			continue
		}
		h, err := checkHash(alg, v)
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = map[string]string{}
		}
		out[alg] = h
	}
	return out, nil
}

// fragmentHashes reads the "<alg>=<hex>" fragment of a PEP 503 link; any
// other fragment ("#egg=name", from old pages) gives none.
func fragmentHashes(frag string) (map[string]string, error) {
	alg, v, ok := strings.Cut(frag, "=")
	if !ok {
		return nil, nil
	}
	return checkHashes(map[string]string{alg: v})
}

// metadataAttr reads data-core-metadata (or data-dist-info-metadata):
// "true", or "<alg>=<hex>" (PEP 658). Anything else ("false") means no
// metadata.
func metadataAttr(v string) (bool, map[string]string, error) {
	if v == "true" {
		return true, nil, nil
	}
	alg, h, ok := strings.Cut(v, "=")
	if !ok || hexLen(strings.ToLower(alg)) == 0 {
		return false, nil, nil
	}
	hashes, err := checkHashes(map[string]string{alg: h})
	if err != nil {
		return false, nil, fmt.Errorf("metadata: %w", err)
	}
	return true, hashes, nil
}
