package resolve

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk"
)

// FuzzResolve resolves random small universes. Whatever the input, Resolve
// must not panic; a set it returns must be consistent (checkSet), the same
// when the input is shuffled; and when it fails, the failure must be an
// *Error, and (for universes small enough to search by brute force) no
// consistent set may exist.
func FuzzResolve(f *testing.F) {
	for i := range 32 {
		f.Add(uint64(i), uint8(i))
	}
	f.Fuzz(func(t *testing.T, seed uint64, size uint8) {
		r := rand.New(rand.NewPCG(seed, uint64(size)))
		avail := randomUniverse(t, r, 1+int(size%11))
		w := randomWorld(t, r)
		got, err := Resolve(w, avail, WithMaxSteps(1<<20))
		if err != nil {
			var re *Error
			if !errors.As(err, &re) || re.Reason == "" {
				t.Fatalf("error %T %q is not a described *Error", err, err)
			}
			if s := bruteForce(w, avail); s != nil {
				t.Fatalf("Resolve(%s) failed (%v), but %q is consistent; universe:\n%s", w, err, ids(s), dump(avail))
			}
			return
		}
		if err := checkSet(w, got); err != nil {
			t.Fatalf("Resolve(%s) = %q: %v; universe:\n%s", w, ids(got), err, dump(avail))
		}
		r.Shuffle(len(avail), func(i, j int) { avail[i], avail[j] = avail[j], avail[i] })
		again, err := Resolve(w, avail, WithMaxSteps(1<<20))
		if err != nil || !slices.Equal(prints(again), prints(got)) {
			t.Fatalf("shuffled input: Resolve = %q, %v; want %q", ids(again), err, ids(got))
		}
	})
}

var (
	fuzzNames    = []string{"a", "b", "c", "d", "e"}
	fuzzVirtuals = []string{"v", "w", "so:x"}
	fuzzOps      = []string{"", "=", "<", ">=", "~", ">", "<="}
)

func randomUniverse(t *testing.T, r *rand.Rand, n int) []*apk.Package {
	var out []*apk.Package
	for range n {
		var fields []string
		if k := r.IntN(3); k > 0 {
			fields = append(fields, "D:"+randomAtoms(r, k, true))
		}
		if k := r.IntN(3); k > 0 {
			var ps []string
			for range k {
				name := fuzzVirtuals[r.IntN(len(fuzzVirtuals))]
				if r.IntN(6) == 0 {
					name = fuzzNames[r.IntN(len(fuzzNames))]
				}
				if r.IntN(2) == 0 {
					name += fmt.Sprintf("=%d", 1+r.IntN(3))
				}
				ps = append(ps, name)
			}
			fields = append(fields, "p:"+strings.Join(ps, " "))
		}
		if r.IntN(6) == 0 {
			fields = append(fields, "i:"+randomAtoms(r, 1+r.IntN(2), false))
		}
		if k := r.IntN(3); k > 0 {
			fields = append(fields, fmt.Sprintf("k:%d", k))
		}
		id := fmt.Sprintf("%s-%d-r%d", fuzzNames[r.IntN(len(fuzzNames))], 1+r.IntN(3), r.IntN(2))
		out = append(out, pkg(t, id, fields...))
	}
	return out
}

func randomWorld(t *testing.T, r *rand.Rand) []apk.Dependency {
	return world(t, randomAtoms(r, 1+r.IntN(3), true))
}

// randomAtoms returns k atoms on real or virtual names, with random
// constraints and, if conflicts, some "!name".
func randomAtoms(r *rand.Rand, k int, conflicts bool) string {
	var as []string
	for range k {
		all := append(slices.Clone(fuzzNames), fuzzVirtuals...)
		a := all[r.IntN(len(all))]
		if op := fuzzOps[r.IntN(len(fuzzOps))]; op != "" && r.IntN(2) == 0 {
			a += op + fmt.Sprint(1+r.IntN(3))
			if r.IntN(2) == 0 {
				a += "-r0"
			}
		}
		if conflicts && r.IntN(7) == 0 {
			a = "!" + a
		}
		as = append(as, a)
	}
	return strings.Join(as, " ")
}

// bruteForce returns a consistent subset of avail, or nil if there is
// none (or avail is too large to try every subset).
func bruteForce(w []apk.Dependency, avail []*apk.Package) []*apk.Package {
	if len(avail) > 12 {
		return nil
	}
	for mask := range 1 << len(avail) {
		var set []*apk.Package
		for i, p := range avail {
			if mask&(1<<i) != 0 {
				set = append(set, p)
			}
		}
		if consistent(w, set, false) == nil {
			return set
		}
	}
	return nil
}

// prints identifies packages by content, so that identical duplicates
// compare equal.
func prints(ps []*apk.Package) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.ID() + " " + fingerprint(p)
	}
	return out
}

func dump(ps []*apk.Package) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "  %s D:%v p:%v i:%v k:%d\n", p.ID(), p.Depends, p.Provides, p.InstallIf, p.ProviderPriority)
	}
	return b.String()
}
