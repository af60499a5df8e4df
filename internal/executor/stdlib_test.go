package executor

import (
	"fmt"
	"testing"

	"github.com/pyko-dev/pyko/internal/layer"
)

// TestCutBySize: runs of about equal bytes, in order, every source in one
// run, at most n runs, whatever the sizes.
func TestCutBySize(t *testing.T) {
	sized := func(sizes ...int64) []layer.Entry {
		var es []layer.Entry
		for i, s := range sizes {
			es = append(es, layer.Entry{Path: fmt.Sprintf("m%03d.py", i), Size: s})
		}
		return es
	}
	for _, tt := range []struct {
		sizes []int64
		n     int
		want  []int // sources per run
	}{
		{[]int64{1, 1, 1, 1, 1, 1, 1, 1}, 4, []int{2, 2, 2, 2}},
		{[]int64{100, 1, 1, 1, 1, 1, 1, 1}, 4, []int{1, 3, 2, 2}},
		{[]int64{1, 1, 1, 1, 1, 1, 1, 100}, 4, []int{8}},
		{[]int64{10, 10, 30, 10, 10, 10, 10, 10}, 4, []int{3, 2, 2, 1}},
		{[]int64{5}, 4, []int{1}},
		{nil, 4, nil},
		{[]int64{0, 0, 0}, 4, []int{1, 1, 1}},
	} {
		src := sized(tt.sizes...)
		runs := cutBySize(src, tt.n)
		var got []int
		at := 0
		for _, r := range runs {
			got = append(got, len(r))
			for _, e := range r {
				if e.Path != src[at].Path {
					t.Fatalf("%v: %s out of order", tt.sizes, e.Path)
				}
				at++
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) || at != len(src) {
			t.Errorf("cutBySize(%v, %d) runs of %v, want %v", tt.sizes, tt.n, got, tt.want)
		}
	}
}
