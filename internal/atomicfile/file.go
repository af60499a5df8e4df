package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// maxBase bounds the part of the target's name that goes into the
// temporary name, so that ".NAME.tmp-<random>" stays under the 255 bytes a
// file name may have.
const maxBase = 200

// File is a file being written in place of another. Write to it, then
// Commit or Abort. It is not safe for concurrent use.
type File struct {
	f      *os.File
	path   string
	perm   fs.FileMode
	done   bool
	noSync bool
}

// Option changes how a File is committed.
type Option func(*File)

// NoSync leaves out Commit's syncs of the file and its directory: for a
// cache whose reader verifies every entry against a digest it knows, where
// a machine that stops before the kernel wrote the bytes leaves a file
// short or empty under its name, which the reader finds bad and fetches
// again; a process killed at any point still leaves the old file or the
// whole new one. A sync costs half a millisecond on an idle disk and far
// more on a busy one, and a cold build commits dozens of cache files.
func NoSync() Option { return func(f *File) { f.noSync = true } }

// Create starts writing path with mode perm: a temporary file in path's
// directory, which must exist. Nothing changes at path before Commit.
func Create(path string, perm fs.FileMode, opts ...Option) (*File, error) {
	dir, base := filepath.Split(path)
	if base == "" {
		return nil, fmt.Errorf("writing %s: not a file name", path)
	}
	if dir == "" {
		dir = "." // CreateTemp would take "" for os.TempDir()
	}
	if len(base) > maxBase {
		base = base[:maxBase]
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, err
	}
	return newFile(f, path, perm, opts), nil
}

// newFile is the File writing tmp in place of path.
func newFile(tmp *os.File, path string, perm fs.FileMode, opts []Option) *File {
	f := &File{f: tmp, path: path, perm: perm}
	for _, o := range opts {
		o(f)
	}
	return f
}

// IsTemp reports whether name, a file name without directory, is one of
// Create's temporary files, for a cleaner of what killed processes left.
func IsTemp(name string) bool {
	base, ok := strings.CutPrefix(name, ".")
	return ok && strings.Contains(base, ".tmp-")
}

// Adopt makes tmp, a file the caller created and wrote, the temporary file
// of path: Commit renames it to path, Abort removes it. tmp must be on the
// same file system as path; a download cache whose partial files live in
// a directory of their own uses it, everyone else uses Create.
func Adopt(tmp *os.File, path string, perm fs.FileMode, opts ...Option) *File {
	return newFile(tmp, path, perm, opts)
}

// Write writes p to the temporary file.
func (f *File) Write(p []byte) (int, error) {
	if f.done {
		return 0, fmt.Errorf("writing %s: %w", f.path, os.ErrClosed)
	}
	return f.f.Write(p)
}

// Name is the temporary file's path, for a check of the finished file
// before Commit. The file is only valid until Commit or Abort.
func (f *File) Name() string { return f.f.Name() }

// Commit makes the written bytes the content of the target: mode, sync,
// rename, then a sync of the directory. On an error before the rename the
// temporary file is removed and the target is untouched; an error syncing
// the directory leaves the new file in place, perhaps not yet durable.
// Commit after Commit or Abort is an error.
func (f *File) Commit() error {
	if f.done {
		return fmt.Errorf("committing %s: %w", f.path, os.ErrClosed)
	}
	f.done = true
	tmp := f.f.Name()
	err := f.f.Chmod(f.perm)
	if err == nil && !f.noSync {
		err = f.f.Sync()
	}
	if cerr := f.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, f.path)
	}
	if err != nil {
		return errors.Join(err, removeTemp(tmp))
	}
	if f.noSync {
		return nil
	}
	return syncDir(filepath.Dir(f.path))
}

// syncDir is SyncDir; a variable so that tests can see it called.
var syncDir = SyncDir

// Abort removes the temporary file and leaves the target as it was. It is
// a no-op after Commit or Abort, so it can be deferred right after Create.
func (f *File) Abort() error {
	if f.done {
		return nil
	}
	f.done = true
	f.f.Close()
	return removeTemp(f.f.Name())
}

func removeTemp(name string) error {
	if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("removing the temporary file: %w", err)
	}
	return nil
}

// WriteFile writes data to path with mode perm as Create and Commit do:
// path holds either its old content or data, never a part of data.
func WriteFile(path string, data []byte, perm fs.FileMode, opts ...Option) error {
	f, err := Create(path, perm, opts...)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.Write(data); err != nil {
		return err
	}
	return f.Commit()
}

// SyncDir syncs the directory dir, which makes the creation, rename or
// removal of an entry in it durable.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("syncing directory %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("syncing directory %s: %w", dir, err)
	}
	return nil
}
