package executor

import (
	"context"
	"runtime"
	"sync"
)

// stdlibTurn says whether a base's standard library is compiled beside
// a platform's wheels; the stdlib's branch of assemble decides it as soon
// as it has looked in the layer cache.
type stdlibTurn struct {
	once      sync.Once
	decided   chan struct{}
	compiling bool
}

func newStdlibTurn() *stdlibTurn {
	return &stdlibTurn{decided: make(chan struct{})}
}

// set decides, once: later calls change nothing; nothing on a nil turn.
func (t *stdlibTurn) set(compiling bool) {
	if t == nil {
		return
	}
	t.once.Do(func() {
		t.compiling = compiling
		close(t.decided)
	})
}

// wait is the decision, false if ctx ends first.
func (t *stdlibTurn) wait(ctx context.Context) bool {
	select {
	case <-t.decided:
		return t.compiling
	case <-ctx.Done():
		return false
	}
}

// wheelJobs is how many wheels compile at once: every core (zero), but
// for the cores a base's standard library takes while it compiles beside
// them. Its pycs are the layer the build writes last: given its cores
// first, it is written while the wheels finish, rather than after them
// on one core (cold on the Debian base, 2 cores: 1.79 s -> 1.69 s, and
// 0.1 CPU-s less, fewer processes contending).
func (x *execution) wheelJobs(ctx context.Context) int {
	if x.turn == nil || !x.turn.wait(ctx) {
		return 0
	}
	return max(1, runtime.GOMAXPROCS(0)-stdlibGroups)
}
