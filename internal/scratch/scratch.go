// Package scratch makes the temporary directories a pyko run keeps in
// TMPDIR, and removes those that runs killed before they could clean up
// (SIGKILL, a power cut) left behind.
//
// A live directory is marked by an exclusive flock on its .lock file, held
// for as long as the directory is in use; the kernel drops it when the
// process dies, however it dies. Prune removes only directories whose
// lock it can take, so a concurrent build's files are never removed.
package scratch

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

const lockName = ".lock"

// Dir is a temporary directory in use by this process.
type Dir struct {
	Path string
	lock *os.File
}

// Make creates a directory in parent (os.TempDir() for "") named prefix
// followed by a random string, and holds its lock until Remove.
func Make(parent, prefix string) (*Dir, error) {
	path, err := os.MkdirTemp(parent, prefix)
	if err != nil {
		return nil, fmt.Errorf("creating a temporary directory: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(path, lockName), os.O_CREATE|os.O_RDWR, 0o600)
	if err == nil {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	}
	if err != nil {
		if f != nil {
			f.Close()
		}
		os.RemoveAll(path)
		return nil, fmt.Errorf("locking the temporary directory %s: %w", path, err)
	}
	return &Dir{Path: path, lock: f}, nil
}

// Remove deletes the directory, then lets go of its lock.
func (d *Dir) Remove() {
	os.RemoveAll(d.Path)
	d.lock.Close()
}

// Prune removes the directories in parent (os.TempDir() for "") whose name
// starts with one of prefixes, last changed more than age ago, whose lock
// no live process holds. A directory without a lock file is left alone:
// it may be another program's, or one being made. Each removal is logged;
// errors are ignored, the files are only garbage.
func Prune(log *slog.Logger, parent string, age time.Duration, prefixes ...string) {
	if parent == "" {
		parent = os.TempDir()
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !hasPrefix(e.Name(), prefixes) {
			continue
		}
		info, err := e.Info()
		if err != nil || time.Since(info.ModTime()) <= age {
			continue
		}
		path := filepath.Join(parent, e.Name())
		if removeIfDead(path) {
			log.Info("removed a temporary directory left by a killed run", "path", path)
		}
	}
}

// removeIfDead removes path if its lock can be taken: its owner is gone.
func removeIfDead(path string) bool {
	f, err := os.OpenFile(filepath.Join(path, lockName), os.O_RDWR, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return false // live, or cannot tell: keep it
	}
	return os.RemoveAll(path) == nil
}

func hasPrefix(name string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}
