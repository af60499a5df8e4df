package uvlock

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pelletier/go-toml/v2"

	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep440"
	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/python/pep508"
)

// lockVersion is the uv.lock schema version this package reads. uv bumps
// "revision" for additions an older reader may ignore, and "version" for
// changes it may not.
const lockVersion = 1

// Parse reads the uv.lock at lockPath. pyprojectPath is the project's
// pyproject.toml: its [project] name is the package the walk starts from,
// and a pyproject without [project] (a workspace root that is not itself
// a project) starts from every workspace member. With pyprojectPath "",
// the project is the package the lock records as its own directory.
func Parse(lockPath, pyprojectPath string) (*File, error) {
	data, err := os.ReadFile(lockPath)
	if err != nil {
		return nil, fmt.Errorf("reading uv.lock: %w", err)
	}
	root := rootSpec{}
	if pyprojectPath != "" {
		if root, err = readProject(pyprojectPath); err != nil {
			return nil, err
		}
	}
	return parse(lockPath, data, root)
}

// Open is Parse as a lock.OpenFunc, with in.Pyproject as the project's
// pyproject.toml.
func Open(_ context.Context, in lock.Input) (lock.Lockfile, error) {
	f, err := Parse(in.Path, in.Pyproject)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// parse builds a File from the lock's bytes; path is for messages and
// for resolving the lock's relative paths.
func parse(path string, data []byte, root rootSpec) (*File, error) {
	var w lockWire
	if err := toml.Unmarshal(data, &w); err != nil {
		var derr *toml.DecodeError
		if errors.As(err, &derr) {
			row, _ := derr.Position()
			return nil, fmt.Errorf("parsing %s line %d: %w", path, row, err)
		}
		return nil, fmt.Errorf("parsing %s: %w", path, err)
	}
	if err := checkVersion(path, w.Version); err != nil {
		return nil, err
	}
	f := &File{path: path, byName: map[string][]*pkg{}}
	if w.RequiresPython != "" {
		spec, err := pep440.ParseSpecifiers(w.RequiresPython)
		if err != nil {
			return nil, fmt.Errorf("parsing %s requires-python %q: %w", path, w.RequiresPython, err)
		}
		f.requires = spec
	}
	for _, s := range w.SupportedMarkers {
		m, err := pep508.ParseMarker(s)
		if err != nil {
			return nil, fmt.Errorf("parsing %s supported-markers %q: %w", path, s, err)
		}
		f.supported = append(f.supported, m)
	}
	members := map[string]bool{}
	for _, m := range w.Manifest.Members {
		members[pep503.Normalize(m)] = true
	}
	dir := filepath.Dir(path)
	for i := range w.Packages {
		p, err := newPkg(path, dir, &w.Packages[i], members)
		if err != nil {
			return nil, err
		}
		f.packages = append(f.packages, p)
		f.byName[p.name] = append(f.byName[p.name], p)
		f.hashes = f.hashes || hasHash(p)
	}
	if err := f.link(w.Packages); err != nil {
		return nil, err
	}
	if err := f.linkManifest(w.Manifest); err != nil {
		return nil, err
	}
	if err := f.findRoots(root, members); err != nil {
		return nil, err
	}
	return f, nil
}

// checkVersion accepts the schema version pyko reads, and says what to do
// about any other.
func checkVersion(path string, v int64) error {
	switch {
	case v == lockVersion:
		return nil
	case v == 0:
		return fmt.Errorf("reading %s: no version: this is not a uv.lock written by uv; run `uv lock`", path)
	case v > lockVersion:
		return fmt.Errorf("reading %s: uv.lock version %d is newer than this pyko reads (version %d): "+
			"upgrade pyko, or run `uv export --format pylock.toml -o pylock.toml` and build from pylock.toml", path, v, lockVersion)
	default:
		return fmt.Errorf("reading %s: unknown uv.lock version %d: re-lock with a current uv (`uv lock`)", path, v)
	}
}

func hasHash(p *pkg) bool {
	for _, a := range p.files {
		if a.SHA256 != "" {
			return true
		}
	}
	return false
}
