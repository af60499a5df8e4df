package uvlock

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/lock"
)

// defaultIndex is PyPI's simple API as uv writes it.
const defaultIndex = "https://pypi.org/simple"

// convert turns a reached package into what is fetched. ok is false for
// packages the build installs itself or that install nothing: the
// project, workspace members and virtual packages.
func (f *File) convert(p *pkg, via string) (lp lock.Package, ok bool, err error) {
	s := p.source
	where := fmt.Sprintf("%s package %s (needed by %s)", f.path, p.id(), via)
	lp = lock.Package{Name: p.name, Version: p.version, Files: p.files, Source: "uv.lock package " + p.id()}
	switch {
	case s.Virtual != "" || f.isProject(p):
		// The project pyko installs itself; a virtual package installs
		// nothing.
		return lp, false, nil
	case s.Git != "":
		repo, commit, sub, err := lock.ParseGitURL(s.Git)
		if err != nil {
			return lp, false, fmt.Errorf("selecting from %s: %w", where, err)
		}
		lp.Built = &lock.Built{Kind: lock.BuiltGit, URL: repo, Commit: commit, Subdirectory: cmp.Or(s.Subdirectory, sub)}
		return lp, true, nil
	case s.Editable != "" || s.Directory != "":
		// A workspace member or a path dependency: built from its
		// directory, not installed editable (an image has no source tree
		// to point at).
		lp.Built = &lock.Built{Kind: lock.BuiltDirectory, Dir: localDir(f.path, cmp.Or(s.Editable, s.Directory))}
		return lp, true, nil
	case s.Path != "" && !strings.HasSuffix(strings.ToLower(s.Path), ".whl"):
		return lp, false, fmt.Errorf("selecting from %s: it is a local source archive (%s): building from source is not supported yet; "+
			"build a wheel and depend on its path", where, s.Path)
	}
	if isURL(s.Registry) {
		lp.Index = s.Registry
	}
	return lp, true, nil
}

// isProject reports whether p is the project the lock is for.
func (f *File) isProject(p *pkg) bool {
	return len(f.roots) == 1 && f.roots[0] == p && p.member
}

// localDir is a lock's relative path as an absolute one.
func localDir(lockPath, rel string) string {
	if filepath.IsAbs(rel) {
		return filepath.Clean(rel)
	}
	abs, err := filepath.Abs(filepath.Join(filepath.Dir(lockPath), filepath.FromSlash(rel)))
	if err != nil {
		return filepath.Join(filepath.Dir(lockPath), filepath.FromSlash(rel))
	}
	return abs
}

// Indexes lists the registries the lock's packages come from: PyPI (or
// else the first in order) as the index, the others as extra indexes, and
// local directories as find-links.
func (f *File) Indexes() lock.Indexes {
	seen := map[string]bool{}
	var remote, local []string
	for _, p := range f.packages {
		r := p.source.Registry
		if r == "" || seen[r] {
			continue
		}
		seen[r] = true
		if isURL(r) {
			remote = append(remote, r)
		} else {
			local = append(local, strings.TrimPrefix(lock.FileURL(filepath.Dir(f.path), r), "file://"))
		}
	}
	slices.Sort(remote)
	slices.Sort(local)
	var ix lock.Indexes
	if i := slices.Index(remote, defaultIndex); i >= 0 {
		remote = slices.Delete(remote, i, i+1)
		ix.IndexURL = defaultIndex
	} else if len(remote) > 0 {
		ix.IndexURL, remote = remote[0], remote[1:]
	}
	ix.ExtraIndexURLs = remote
	ix.FindLinks = local
	return ix
}

func isURL(s string) bool {
	return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")
}

// redact drops credentials from a URL before it is printed.
func redact(raw string) string {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return raw
	}
	host, _, _ := strings.Cut(rest, "/")
	if at := strings.LastIndex(host, "@"); at >= 0 {
		return scheme + "://" + rest[at+1:]
	}
	return raw
}
