package fetch

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"strings"
)

// Hash is one expected digest of a file: Alg is "sha256", "sha384" or
// "sha512" (the algorithms pip accepts in requirements files), Hex its
// hex value.
type Hash struct {
	Alg string
	Hex string
}

// hashSizes are the supported algorithms and their digest sizes in bytes.
var hashSizes = map[string]int{"sha256": sha256.Size, "sha384": sha512.Size384, "sha512": sha512.Size}

func newHash(alg string) hash.Hash {
	switch alg {
	case "sha384":
		return sha512.New384()
	case "sha512":
		return sha512.New()
	}
	return sha256.New()
}

// digests returns every digest w expects, SHA256 folded in, after checking
// that each names a supported algorithm and has the right length.
func (w Want) digests() ([]Hash, error) {
	hs := make([]Hash, 0, len(w.Hashes)+1)
	if w.SHA256 != "" {
		hs = append(hs, Hash{Alg: "sha256", Hex: w.SHA256})
	}
	hs = append(hs, w.Hashes...)
	for _, h := range hs {
		size, ok := hashSizes[h.Alg]
		if !ok {
			return nil, fmt.Errorf("expected hash algorithm %q is not sha256, sha384 or sha512", h.Alg)
		}
		if b, err := hex.DecodeString(h.Hex); err != nil || len(b) != size {
			return nil, fmt.Errorf("expected %s %q is not %d hex digits", h.Alg, h.Hex, 2*size)
		}
	}
	return hs, nil
}

// multiHash feeds every write to a sha256 (whose sum Sum returns, for the
// HTTP cache's metadata) and to one hash per other algorithm a Want
// expects, so that all are checked in the one pass of the download.
type multiHash struct {
	hash.Hash // sha256
	others    map[string]hash.Hash
}

func newMultiHash(hs []Hash) *multiHash {
	m := &multiHash{Hash: sha256.New(), others: map[string]hash.Hash{}}
	for _, h := range hs {
		if h.Alg != "sha256" && m.others[h.Alg] == nil {
			m.others[h.Alg] = newHash(h.Alg)
		}
	}
	return m
}

func (m *multiHash) Write(p []byte) (int, error) {
	m.Hash.Write(p)
	for _, h := range m.others {
		h.Write(p)
	}
	return len(p), nil
}

func (m *multiHash) Reset() {
	m.Hash.Reset()
	for _, h := range m.others {
		h.Reset()
	}
}

// sum returns the hex digest of alg.
func (m *multiHash) sum(alg string) string {
	h := m.Hash
	if alg != "sha256" {
		h = m.others[alg]
	}
	return hex.EncodeToString(h.Sum(nil))
}

// check compares every expected digest with what was hashed.
func (m *multiHash) check(hs []Hash) error {
	for _, h := range hs {
		if got := m.sum(h.Alg); !strings.EqualFold(got, h.Hex) {
			return fmt.Errorf("the file's %s is %s, want %s", h.Alg, got, h.Hex)
		}
	}
	return nil
}
