package executor

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/plan"
)

// newHash makes a hash of a plan's algorithm; nil for another one.
func newHash(alg string) hash.Hash {
	switch alg {
	case "sha256":
		return sha256.New()
	case "sha384":
		return sha512.New384()
	case "sha512":
		return sha512.New()
	}
	return nil
}

// checkWheelHashes checks the file at path against w.Hashes: for each
// algorithm listed, its digest must be one of those listed. It reads the
// file once, hashing every algorithm at the same time.
func checkWheelHashes(path string, w plan.Wheel) error {
	if len(w.Hashes) == 0 {
		return nil
	}
	allowed := map[string][]string{}
	hs := map[string]hash.Hash{}
	var ws []io.Writer
	for _, h := range w.Hashes {
		alg, d, _ := strings.Cut(h, ":")
		if hs[alg] == nil {
			if hs[alg] = newHash(alg); hs[alg] == nil {
				return fmt.Errorf("%s: hash %q: pyko checks sha256, sha384 and sha512", w.Filename, h)
			}
			ws = append(ws, hs[alg])
		}
		allowed[alg] = append(allowed[alg], d)
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := io.Copy(io.MultiWriter(ws...), f); err != nil {
		return fmt.Errorf("hashing %s: %w", w.Filename, err)
	}
	for _, alg := range []string{"sha256", "sha384", "sha512"} {
		if hs[alg] == nil {
			continue
		}
		if got := hex.EncodeToString(hs[alg].Sum(nil)); !slices.Contains(allowed[alg], got) {
			return fmt.Errorf("%s (%s) has %s %s, which is not among the pinned %s hashes (%s): the file changed on the index, or the lock is wrong: re-lock it",
				w.Filename, w.ID(), alg, got, alg, strings.Join(allowed[alg], ", "))
		}
	}
	return nil
}
