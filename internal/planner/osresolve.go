package planner

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/apk/resolve"
	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/oslock"
)

func worldStrings(world []apk.Dependency) []string {
	var out []string
	for _, d := range world {
		out = append(out, d.String())
	}
	return out
}

// readOSLock returns the project's pyko.lock, or nil when it has none.
func (b *planner) readOSLock() (*oslock.Lock, string, error) {
	path := filepath.Join(b.proj.Dir, oslock.FileName)
	l, err := oslock.Read(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, path, nil
	}
	return l, path, err
}

// fromLock returns arch's packages as pyko.lock pins them. The lock holds
// what an index entry must agree with (name, version, checksum, size);
// the rest of each package's metadata comes from its .PKGINFO at install.
// The lock names repositories without credentials; the configured URL,
// credentials included, is what is fetched from.
func (s *osSource) fromLock(l *oslock.Lock, arch string) []*apk.Package {
	real := map[string]string{}
	for _, r := range s.repos {
		real[fetch.Redact(r.URL)] = r.URL
	}
	var out []*apk.Package
	for _, p := range l.For(arch) {
		repo := p.Repository
		if u, ok := real[repo]; ok {
			repo = u
		}
		out = append(out, &apk.Package{Name: p.Name, Version: p.Version, Arch: p.Arch, Checksum: p.Checksum, Size: p.Size,
			Repository: repo, Origin: p.Origin, InstalledSize: p.InstalledSize})
	}
	return out
}

// resolveOS resolves world for arch from the repositories' indexes.
// prefer, when set, holds previously locked versions: they are kept when
// they still satisfy everything, so that "pyko lock" after a config change
// moves only what it must.
func (s *osSource) resolveOS(ctx context.Context, arch string, world []apk.Dependency, prefer []*apk.Package) ([]*apk.Package, error) {
	avail, err := s.available(ctx, arch)
	if err != nil {
		return nil, err
	}
	if len(prefer) > 0 {
		if pkgs, err := resolve.Resolve(world, pinned(avail, prefer), resolve.WithArch(arch)); err == nil {
			return pkgs, nil
		}
	}
	pkgs, err := resolve.Resolve(world, avail, resolve.WithArch(arch))
	if err != nil {
		return nil, fmt.Errorf("resolving OS packages for %s: %w", arch, err)
	}
	return pkgs, nil
}

// pinned drops from avail every version of a preferred package's name
// other than the preferred one, when the preferred one is still there.
func pinned(avail, prefer []*apk.Package) []*apk.Package {
	want := map[string]string{}
	for _, p := range prefer {
		want[p.Name] = p.Version
	}
	have := map[string]bool{}
	for _, p := range avail {
		if v, ok := want[p.Name]; ok && v == p.Version {
			have[p.Name] = true
		}
	}
	var out []*apk.Package
	for _, p := range avail {
		if v, ok := want[p.Name]; ok && have[p.Name] && v != p.Version {
			continue
		}
		out = append(out, p)
	}
	return out
}
