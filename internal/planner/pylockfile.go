package planner

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/pyko-dev/pyko/internal/project"
	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/lock/formats"
	"github.com/pyko-dev/pyko/internal/usage"
)

// findPythonLock returns the project's Python lockfile: --lock (or
// [tool.pyko] lock) when given, else the first lockfile present in the
// default search order (formats.All); nil when the project has none (then
// it has no third-party dependencies).
func (b *planner) findPythonLock(ctx context.Context) (lock.Lockfile, error) {
	locks := formats.Registry()
	path := b.o.Lock
	if path != "" && !filepath.IsAbs(path) {
		path = filepath.Join(b.proj.Dir, path)
	}
	if path == "" {
		var err error
		if path, err = locks.Find(b.proj.Dir); err != nil {
			return nil, err
		}
		if path == "" {
			return nil, nil
		}
	} else if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, usage.Wrap(fmt.Errorf("--lock %s: no such file", b.o.Lock))
	}
	lf, err := locks.Open(ctx, lock.Input{Path: path, Pyproject: filepath.Join(b.proj.Dir, project.PyprojectFile), Log: b.log})
	if err != nil {
		return nil, err
	}
	b.log.Info("python dependencies", "lockfile", filepath.Base(path))
	return lf, nil
}
