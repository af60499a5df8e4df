package resolve

import (
	"fmt"
	"slices"
	"testing"
)

func TestTopoOrder(t *testing.T) {
	tests := []struct {
		name  string
		nodes []string
		deps  map[string][]string
		want  []string
	}{{
		name:  "independent nodes by name",
		nodes: []string{"c", "a", "b"},
		want:  []string{"a", "b", "c"},
	}, {
		name:  "dependencies first, then by name among the free",
		nodes: []string{"app", "zlib", "abc"},
		deps:  map[string][]string{"app": {"zlib"}},
		want:  []string{"abc", "zlib", "app"},
	}, {
		name:  "a cycle is entered at its smallest name",
		nodes: []string{"ld-linux", "glibc", "app"},
		deps:  map[string][]string{"glibc": {"ld-linux"}, "ld-linux": {"glibc"}, "app": {"glibc"}},
		want:  []string{"glibc", "ld-linux", "app"},
	}, {
		name:  "inside a cycle, inner edges still order",
		nodes: []string{"a", "b", "c"},
		// a → b → c → a: entered at a; then c (b waits on c), then b.
		deps: map[string][]string{"a": {"b"}, "b": {"c"}, "c": {"a"}},
		want: []string{"a", "c", "b"},
	}, {
		name:  "a cycle waits for what it needs outside",
		nodes: []string{"a", "b", "z"},
		deps:  map[string][]string{"a": {"b", "z"}, "b": {"a"}},
		want:  []string{"z", "a", "b"},
	}, {
		name:  "a cycle that needs another cycle",
		nodes: []string{"a", "b", "x", "y", "m"},
		deps:  map[string][]string{"a": {"b"}, "b": {"a", "x"}, "x": {"y"}, "y": {"x"}, "m": nil},
		want:  []string{"m", "x", "y", "a", "b"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at := map[string]int32{}
			for i, n := range tt.nodes {
				at[n] = int32(i)
			}
			deps := make([][]int32, len(tt.nodes))
			for n, ds := range tt.deps {
				for _, d := range ds {
					deps[at[n]] = append(deps[at[n]], at[d])
				}
			}
			var got []string
			for _, i := range topoOrder(tt.nodes, deps) {
				got = append(got, tt.nodes[i])
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("topoOrder = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestTopoOrderLongChain checks that a deep dependency chain neither
// overflows nor reorders.
func TestTopoOrderLongChain(t *testing.T) {
	const n = 50_000
	names := make([]string, n)
	deps := make([][]int32, n)
	for i := range n {
		names[i] = fmt.Sprintf("p%06d", i)
		if i+1 < n {
			deps[i] = []int32{int32(i + 1)} // p0 needs p1 needs p2 …
		}
	}
	got := topoOrder(names, deps)
	for k, i := range got {
		if int(i) != n-1-k {
			t.Fatalf("position %d holds %s, want %s", k, names[i], names[n-1-k])
		}
	}
}
