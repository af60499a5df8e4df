package executor

import (
	"context"
	"runtime"
	"testing"
	"time"
)

// TestStdlibTurn: the first decision holds; the wheels take every core
// but the stdlib's while it compiles, every core otherwise, and do not
// wait past their context for a decision.
func TestStdlibTurn(t *testing.T) {
	rest := max(1, runtime.GOMAXPROCS(0)-stdlibGroups)
	for _, tc := range []struct {
		name string
		set  []bool
		want int
	}{
		{"compiling", []bool{true, false}, rest},
		{"cached", []bool{false, true}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := &execution{turn: newStdlibTurn()}
			for _, v := range tc.set {
				x.turn.set(v)
			}
			if got := x.wheelJobs(context.Background()); got != tc.want {
				t.Errorf("wheelJobs = %d, want %d", got, tc.want)
			}
		})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	x := &execution{turn: newStdlibTurn()}
	if got := x.wheelJobs(ctx); got != 0 {
		t.Errorf("undecided: wheelJobs = %d, want 0", got)
	}
	var none *stdlibTurn
	none.set(true) // no panic
	if got := (&execution{}).wheelJobs(context.Background()); got != 0 {
		t.Errorf("no turn: wheelJobs = %d, want 0", got)
	}
}
