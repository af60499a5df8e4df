package pubgrub

import (
	"context"
	"errors"
	"maps"
	"strings"
	"testing"
)

func TestSolve(t *testing.T) {
	for _, tc := range []struct {
		name    string
		w       world
		want    map[string]string
		explain []string // for no solution: lines the explanation must hold
	}{
		{
			name: "newest of each",
			w: world{versions: map[string][]string{"a": {"2", "1"}, "b": {"3", "2", "1"}},
				deps: map[string][]string{"root 1": {"a"}, "a 2": {"b:2|1"}}},
			want: map[string]string{"root": "1", "a": "2", "b": "2"},
		},
		{
			name: "backtrack one level",
			w: world{versions: map[string][]string{"a": {"2", "1"}, "b": {"1"}, "c": {"2", "1"}},
				deps: map[string][]string{"root 1": {"a", "b"}, "a 2": {"c:2"}, "a 1": {"c:1"}, "b 1": {"c:1"}}},
			want: map[string]string{"root": "1", "a": "1", "b": "1", "c": "1"},
		},
		{
			name: "backtrack two levels",
			w: world{versions: map[string][]string{"a": {"2", "1"}, "b": {"2", "1"}, "c": {"2", "1"}, "d": {"1"}},
				deps: map[string][]string{"root 1": {"a", "d"}, "a 2": {"b:2"}, "a 1": {"b:1"}, "b 2": {"c:2"}, "b 1": {"c:1"}, "d 1": {"c:1"}}},
			want: map[string]string{"root": "1", "a": "1", "b": "1", "c": "1", "d": "1"},
		},
		{
			name: "a cycle",
			w: world{versions: map[string][]string{"a": {"1"}, "b": {"1"}},
				deps: map[string][]string{"root 1": {"a"}, "a 1": {"b"}, "b 1": {"a:1"}}},
			want: map[string]string{"root": "1", "a": "1", "b": "1"},
		},
		{
			name: "an unusable version is skipped",
			w: world{versions: map[string][]string{"a": {"2", "1"}},
				deps:        map[string][]string{"root 1": {"a"}},
				unavailable: map[string]string{"a 2": "no wheel for linux/amd64"}},
			want: map[string]string{"root": "1", "a": "1"},
		},
		{
			name: "a dependency it does not need is not picked",
			w: world{versions: map[string][]string{"a": {"1"}, "b": {"1"}},
				deps: map[string][]string{"root 1": {"a"}}},
			want: map[string]string{"root": "1", "a": "1"},
		},
		{
			name: "a constraint narrows what is selected and selects nothing",
			w: world{versions: map[string][]string{"a": {"2", "1"}, "b": {"1"}},
				deps: map[string][]string{"root 1": {"a", "~b:1", "~a:1"}}},
			want: map[string]string{"root": "1", "a": "1"},
		},
		{
			name: "a constraint that cannot be met",
			w: world{versions: map[string][]string{"a": {"2", "1"}},
				deps: map[string][]string{"root 1": {"a:2", "~a:1"}}},
			explain: []string{"root constrains a==1", "root depends on a==2"},
		},
		{
			name: "linear conflict",
			w: world{versions: map[string][]string{"foo": {"1.0"}, "bar": {"2.0"}, "baz": {"3.0", "1.0"}},
				deps: map[string][]string{"root 1": {"foo", "baz:1.0"}, "foo 1.0": {"bar:2.0"}, "bar 2.0": {"baz:3.0"}}},
			explain: []string{"foo 1.0 depends on bar==2.0", "bar 2.0 depends on baz==3.0", "root depends on baz==1.0", "the requirements cannot be met"},
		},
		{
			name: "unknown package",
			w: world{versions: map[string][]string{},
				deps:        map[string][]string{"root 1": {"nope"}},
				unavailable: map[string]string{"nope": "not found on the index"}},
			explain: []string{"nope cannot be used: not found on the index", "root depends on nope"},
		},
		{
			name: "no version matches",
			w: world{versions: map[string][]string{"a": {"2", "1"}},
				deps: map[string][]string{"root 1": {"a:3"}}},
			explain: []string{"root depends on a==3"},
		},
		{
			name: "every version unusable",
			w: world{versions: map[string][]string{"a": {"2", "1"}},
				deps:        map[string][]string{"root 1": {"a"}},
				unavailable: map[string]string{"a 2": "requires Python>=3.12", "a 1": "no wheel for linux/arm64"}},
			explain: []string{"a 2 cannot be used: requires Python>=3.12", "a 1 cannot be used: no wheel for linux/arm64"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Solve(context.Background(), &tc.w, "root", "1")
			if tc.explain == nil {
				if err != nil {
					t.Fatalf("Solve: %v", err)
				}
				if !maps.Equal(got, tc.want) {
					t.Errorf("Solve = %v, want %v", got, tc.want)
				}
				return
			}
			var ns *NoSolution
			if !errors.As(err, &ns) {
				t.Fatalf("Solve = %v, %v; want a *NoSolution", got, err)
			}
			msg := err.Error()
			t.Logf("explanation:\n%s", msg)
			for _, want := range tc.explain {
				if !strings.Contains(msg, want) {
					t.Errorf("explanation lacks %q", want)
				}
			}
		})
	}
}

// TestSolveAsksOnce: the Source is asked for each version's dependencies
// once, however much the solver backtracks.
func TestSolveAsksOnce(t *testing.T) {
	w := world{versions: map[string][]string{"a": {"2", "1"}, "b": {"2", "1"}, "c": {"2", "1"}, "d": {"1"}},
		deps: map[string][]string{"root 1": {"a", "d"}, "a 2": {"b:2"}, "a 1": {"b:1"}, "b 2": {"c:2"}, "b 1": {"c:1"}, "d 1": {"c:1"}}}
	if _, err := Solve(context.Background(), &w, "root", "1"); err != nil {
		t.Fatal(err)
	}
	for k, n := range w.asked {
		if n > 1 {
			t.Errorf("asked for %s's dependencies %d times", k, n)
		}
	}
}
