package executor

import (
	"errors"
	"testing"
)

// TestWarmRoot: a warmed root is taken for its own image only, once it is
// made, and not when making it failed; a nil Warm has none and waits for
// nothing.
func TestWarmRoot(t *testing.T) {
	var none *Warm
	none.Wait()
	if _, ok := none.root("sha256:a"); ok {
		t.Error("a nil Warm has a root")
	}
	made := &Warm{digest: "sha256:a", done: make(chan struct{}), dir: "/r"}
	close(made.done)
	if dir, ok := made.root("sha256:a"); !ok || dir != "/r" {
		t.Errorf("root(its digest) = %q, %v", dir, ok)
	}
	if _, ok := made.root("sha256:b"); ok {
		t.Error("a root for another image")
	}
	failed := &Warm{digest: "sha256:a", done: make(chan struct{}), err: errors.New("no")}
	close(failed.done)
	if _, ok := failed.root("sha256:a"); ok {
		t.Error("a root that failed is taken")
	}
}
