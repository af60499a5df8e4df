package lock

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Find returns the path of the project's lockfile in dir: the first of the
// formats' file names present, in the default search order. It returns ""
// when dir has none. Patterns are not searched: a named PEP 751 lock
// (pylock.dev.toml) is used only when given explicitly.
func (r *Registry) Find(dir string) (string, error) {
	for _, f := range r.formats {
		for _, name := range f.Files {
			p := filepath.Join(dir, name)
			fi, err := os.Stat(p)
			switch {
			case err == nil && !fi.IsDir():
				return p, nil
			case err != nil && !errors.Is(err, fs.ErrNotExist):
				return "", fmt.Errorf("looking for a lockfile in %s: %w", dir, err)
			}
		}
	}
	return "", nil
}

// Open reads the lockfile in.Path with the format its file name says (see
// Lookup). A missing file is an error naming the path that matches
// fs.ErrNotExist.
func (r *Registry) Open(ctx context.Context, in Input) (Lockfile, error) {
	path := in.Path
	fi, err := os.Stat(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("lockfile %s: %w", path, err)
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("lockfile %s is a directory", path)
	}
	f, ok := r.Lookup(path)
	if !ok {
		return nil, fmt.Errorf("lockfile %s: not a name pyko reads (%s)", path, strings.Join(r.Names(), ", "))
	}
	lf, err := f.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	return lf, nil
}
