package bytecode

import (
	"context"
	"errors"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/sandbox"
)

// TestSession compiles the debwheels set in one session, as jobs given
// at once and one after another: the same pycs as Compile's, which runs
// a driver of its own.
func TestSession(t *testing.T) {
	ctx := context.Background()
	groups := installed(t)
	c := compiler(t, rootfs(t, "amd64"))
	want, err := c.Compile(ctx, groups)
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Three jobs at once: the first half of the groups, the rest, and
	// the app; then the first group again.
	half := len(groups) / 2
	parts := [][]Group{groups[:half], groups[half:], {{Mode: Checked, Entries: []layer.Entry{source("app/main.py", "print('hi')\n")}}}}
	got := make([][]Result, len(parts))
	var g errgroup.Group
	for i, p := range parts {
		g.Go(func() (err error) {
			got[i], err = s.Compile(ctx, p, i+1)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	again, err := s.Compile(ctx, groups[:1], 0)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if len(got[2]) != 1 || len(got[2][0].Entries) != 1 || pycFlags(t, got[2][0].Entries[0]) != 3 {
		t.Errorf("the app's job gave %+v", got[2])
	}
	same(t, "a session's jobs and Compile", digests(t, want), digests(t, append(got[0], got[1]...)))
	same(t, "a session's later job and Compile", digests(t, want[:1]), digests(t, again))
}

// TestSessionTimeout: a job past the time limit fails, and so does the
// session: a stuck driver is not trusted with more.
func TestSessionTimeout(t *testing.T) {
	ctx := context.Background()
	c := compiler(t, rootfs(t, "amd64"))
	c.Timeout = time.Nanosecond
	s, err := c.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	one := []Group{{Mode: Unchecked, Entries: []layer.Entry{source("a.py", "x = 1\n")}}}
	if _, err := s.Compile(ctx, one, 0); !errors.Is(err, sandbox.ErrTimeout) {
		t.Fatalf("a job past its time limit: %v, want a timeout", err)
	}
	// The session is stopped, not left to run: its sandbox exits.
	select {
	case <-s.exited:
	case <-time.After(time.Minute):
		t.Fatal("the session still runs a minute after a job's timeout")
	}
	if _, err := s.Compile(ctx, one, 0); err == nil || errors.Is(err, sandbox.ErrTimeout) {
		t.Fatalf("a job for a session stopped at a timeout: %v, want the session's end", err)
	}
}

// TestSessionCancelled: a session whose context ends fails its jobs
// instead of leaving them waiting.
func TestSessionCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	c := compiler(t, rootfs(t, "amd64"))
	s, err := c.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	one := []Group{{Mode: Unchecked, Entries: []layer.Entry{source("a.py", "x = 1\n")}}}
	done := make(chan error, 1)
	go func() {
		_, err := s.Compile(context.Background(), one, 0)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("a cancelled session compiled a job")
		}
	case <-time.After(time.Minute):
		t.Fatal("a cancelled session's job still waits after a minute")
	}
	s.Close()
}
