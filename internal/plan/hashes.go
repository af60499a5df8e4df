package plan

import (
	"maps"
	"slices"

	"github.com/pyko-dev/pyko/internal/python/lock"
)

// digest is c's digest of alg, "" when neither the lock nor the index
// gives it.
func digest(c Candidate, alg string) string {
	if alg == "sha256" {
		return c.SHA256
	}
	return c.Hashes[alg]
}

// byAlgorithm groups pins (lock.Package.Hashes) by algorithm.
func byAlgorithm(pins []string) map[string][]string {
	out := map[string][]string{}
	for _, p := range pins {
		alg, d := lock.SplitPin(p)
		out[alg] = append(out[alg], d)
	}
	return out
}

// pinned reports whether c may be the file of a package pinned to pins:
// each of its known digests of a pinned algorithm is among the pins. A
// file none of whose digests can be compared stays a candidate; the pins
// go into the plan and the download is checked against them.
func pinned(c Candidate, pins []string) bool {
	for alg, ds := range byAlgorithm(pins) {
		if d := digest(c, alg); d != "" && !slices.Contains(ds, d) {
			return false
		}
	}
	return true
}

// wheelHashes are Wheel.Hashes for c: its own sha384/sha512 digests, and
// the pins of each algorithm of which its digest is unknown (the
// download must match one of them). Sorted, each once.
func wheelHashes(c Candidate, pins []string) []string {
	var out []string
	for _, alg := range slices.Sorted(maps.Keys(c.Hashes)) {
		if alg != "sha256" && lock.StrongHash(alg) {
			out = append(out, alg+":"+c.Hashes[alg])
		}
	}
	for alg, ds := range byAlgorithm(pins) {
		if digest(c, alg) != "" {
			continue
		}
		for _, d := range ds {
			out = append(out, alg+":"+d)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
