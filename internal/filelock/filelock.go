// Package filelock takes advisory, exclusive flock(2) locks that a context
// can stop waiting for. The kernel releases a lock when its holder dies,
// SIGKILL included, so a lock never outlives a crashed build.
package filelock

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

// poll is how often a waiting Lock tries again: flock has no timeout of its
// own, and a blocked flock call could not be stopped by a context.
const poll = 25 * time.Millisecond

// Lock is a held lock; Unlock releases it.
type Lock struct{ f *os.File }

// Acquire takes an exclusive lock on path, waiting until it is free or ctx
// is done. path may be a directory (locked as it is) or a file (created if
// missing, and left in place afterwards so that every process locks the same
// inode).
func Acquire(ctx context.Context, path string) (*Lock, error) {
	f, err := open(path)
	if err != nil {
		return nil, fmt.Errorf("locking %s: %w", path, err)
	}
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return &Lock{f: f}, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			_ = f.Close()
			return nil, fmt.Errorf("locking %s: %w", path, err)
		}
		select {
		case <-ctx.Done():
			_ = f.Close()
			return nil, fmt.Errorf("waiting for the lock on %s (another pyko is writing there): %w", path, ctx.Err())
		case <-t.C:
		}
	}
}

// Unlock releases the lock. Closing the descriptor releases it too; the
// explicit LOCK_UN makes the release not wait for a duplicated descriptor.
func (l *Lock) Unlock() error {
	err := syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	return errors.Join(err, l.f.Close())
}

func open(path string) (*os.File, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return os.Open(path)
	}
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
}
