package pubgrub

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// randomWorld makes a world of up to 4 packages with up to 3 versions
// each from data: which versions depend on what, and which are
// unavailable.
func randomWorld(data []byte) *world {
	next := func() byte {
		if len(data) == 0 {
			return 0
		}
		b := data[0]
		data = data[1:]
		return b
	}
	w := &world{versions: map[string][]string{}, deps: map[string][]string{}, unavailable: map[string]string{}}
	names := []string{"a", "b", "c", "d"}[:1+int(next())%4]
	for _, n := range names {
		k := 1 + int(next())%3
		for v := k; v >= 1; v-- {
			w.versions[n] = append(w.versions[n], strconv.Itoa(v))
		}
	}
	depsOf := func(key string, self string) {
		for _, n := range names {
			b := next()
			if n == self || b%3 != 0 {
				continue
			}
			var allowed []string
			for i, v := range w.versions[n] {
				if b>>(2+i)&1 == 1 {
					allowed = append(allowed, v)
				}
			}
			if len(allowed) == 0 {
				allowed = []string{"9"} // a version that does not exist
			}
			prefix := ""
			if b%9 == 0 {
				prefix = "~" // a constraint
			}
			w.deps[key] = append(w.deps[key], prefix+n+":"+strings.Join(allowed, "|"))
		}
	}
	depsOf("root 1", "")
	for _, n := range names {
		for _, v := range w.versions[n] {
			key := n + " " + v
			if next()%7 == 0 {
				w.unavailable[key] = "unusable"
				continue
			}
			depsOf(key, n)
		}
	}
	return w
}

// bruteForce reports whether any selection satisfies w.
func bruteForce(w *world) bool {
	var names []string
	for n := range w.versions {
		names = append(names, n)
	}
	sel := map[string]string{"root": "1"}
	var try func(i int) bool
	try = func(i int) bool {
		if i == len(names) {
			return w.valid(sel)
		}
		n := names[i]
		delete(sel, n)
		if try(i + 1) {
			return true
		}
		for _, v := range w.versions[n] {
			if _, bad := w.unavailable[n+" "+v]; bad {
				continue
			}
			sel[n] = v
			if try(i + 1) {
				return true
			}
		}
		delete(sel, n)
		return false
	}
	return try(0)
}

// checkAgainstBruteForce: Solve finds a valid selection exactly when one
// exists.
func checkAgainstBruteForce(t *testing.T, w *world) {
	t.Helper()
	got, err := Solve(context.Background(), w, "root", "1")
	want := bruteForce(w)
	var ns *NoSolution
	switch {
	case err == nil && !want:
		t.Fatalf("Solve found %v where no selection exists; world %+v", got, *w)
	case err == nil && !w.valid(got):
		t.Fatalf("Solve returned an invalid selection %v; world %+v", got, *w)
	case err != nil && !errors.As(err, &ns):
		t.Fatalf("Solve: %v", err)
	case err != nil && want:
		t.Fatalf("Solve says no solution, but one exists; world %+v\n%v", *w, err)
	case err != nil && ns.Error() == "":
		t.Fatal("empty explanation")
	}
}

func TestSolveAgainstBruteForce(t *testing.T) {
	for seed := range 3000 {
		data := []byte(fmt.Sprintf("%08d-%d", seed*7919, seed))
		for i := range data {
			data[i] = byte(int(data[i])*31 + seed*17 + i*13)
		}
		checkAgainstBruteForce(t, randomWorld(data))
	}
}

func FuzzSolve(f *testing.F) {
	f.Add([]byte{3, 2, 2, 2, 0, 0, 3, 7, 0, 3, 9, 0, 12, 3, 4})
	f.Add([]byte("pubgrub"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkAgainstBruteForce(t, randomWorld(data))
	})
}
