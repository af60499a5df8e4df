package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/pyko-dev/pyko/internal/project"
	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/lock/pipfile"
	"github.com/pyko-dev/pyko/internal/python/lock/poetry"
	"github.com/pyko-dev/pyko/internal/python/lock/pylock"
	"github.com/pyko-dev/pyko/internal/python/lock/requirements"
	"github.com/pyko-dev/pyko/internal/python/lock/uvlock"
)

// lockNames are the Python lockfiles pyko looks for, in order: the
// standard one first, then the tools' own, then plain requirements.
var lockNames = []string{"pylock.toml", "uv.lock", "poetry.lock", "Pipfile.lock", "requirements.txt"}

// findPythonLock returns the project's Python lockfile: --lock (or
// [tool.pyko] lock) when given, else the first of lockNames present; nil
// when the project has none (then it has no third-party dependencies).
func (b *builder) findPythonLock(ctx context.Context) (lock.Lockfile, error) {
	path := b.o.Lock
	if path != "" && !filepath.IsAbs(path) {
		path = filepath.Join(b.proj.Dir, path)
	}
	if path == "" {
		for _, n := range lockNames {
			p := filepath.Join(b.proj.Dir, n)
			if _, err := os.Stat(p); err == nil {
				path = p
				break
			}
		}
		if path == "" {
			return nil, nil
		}
	} else if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, usagef(fmt.Errorf("--lock %s: no such file", b.o.Lock))
	}
	lf, err := parsePythonLock(ctx, path, filepath.Join(b.proj.Dir, project.PyprojectFile))
	if err != nil {
		return nil, err
	}
	b.log.Info("python dependencies", "lockfile", filepath.Base(path))
	return lf, nil
}

func parsePythonLock(ctx context.Context, path, pyproject string) (lock.Lockfile, error) {
	base := filepath.Base(path)
	switch {
	case base == "uv.lock":
		return uvlock.Parse(path, pyproject)
	case base == "poetry.lock":
		return poetry.Parse(path, pyproject)
	case base == "Pipfile.lock":
		return pipfile.Parse(path)
	case base == "pylock.toml" || (filepath.Ext(base) == ".toml" && len(base) > 7 && base[:7] == "pylock."):
		return pylock.Parse(path)
	}
	return requirements.Parse(ctx, path)
}
