package pylock

import (
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep440"
	"github.com/pyko-dev/pyko/internal/python/pep508"
)

// Select follows the specification's installation steps for env: extras
// are opts.Extras, dependency groups are default-groups plus opts.Groups;
// requires-python and environments must hold; then every package whose
// marker holds is installed, and its requires-python must hold too.
func (f *File) Select(env pep508.Environment, opts lock.Options) ([]lock.Package, error) {
	extras := normalizeAll(opts.Extras)
	groups := append(slices.Clone(f.defaults), normalizeAll(opts.Groups)...)
	if err := f.checkRequested(extras, normalizeAll(opts.Groups)); err != nil {
		return nil, err
	}
	py, err := pep440.Parse(env["python_full_version"])
	if err != nil {
		return nil, fmt.Errorf("selecting from %s: the target's python_full_version %q: %w", f.path, env["python_full_version"], err)
	}
	if f.requires != nil && !f.requires.Contains(py, true) {
		return nil, fmt.Errorf("selecting from %s: the lock requires Python %s and the target has %s: "+
			"use a Python the lock supports, or re-export it", f.path, f.requires, py)
	}
	if len(f.environments) > 0 && !slices.ContainsFunc(f.environments, func(m *pep508.Marker) bool { return m.Evaluate(env, nil) }) {
		return nil, fmt.Errorf("selecting from %s: the target (Python %s on %s %s) is none of the lock's environments: "+
			"re-export the lock for it", f.path, py, env["sys_platform"], env["platform_machine"])
	}
	chosen := map[string]*entry{}
	var out []lock.Package
	for _, e := range f.entries {
		if !e.marker.EvaluateGroups(env, extras, groups) {
			continue
		}
		if e.requires != nil && !e.requires.Contains(py, true) {
			return nil, fmt.Errorf("selecting from %s: %s requires Python %s and the target has %s: re-export the lock for this Python",
				f.path, e.where, e.requires, py)
		}
		if prev, ok := chosen[e.name]; ok {
			return nil, fmt.Errorf("selecting from %s: both %s and %s apply to this target: the lock is ambiguous; re-export it",
				f.path, prev.where, e.where)
		}
		chosen[e.name] = e
		lp, ok, err := f.convert(e)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, lp)
		}
	}
	slices.SortFunc(out, func(a, b lock.Package) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// checkRequested rejects extras and groups the lock does not offer.
func (f *File) checkRequested(extras, groups []string) error {
	for _, x := range extras {
		if !slices.Contains(f.extras, x) {
			return fmt.Errorf("selecting from %s: the lock offers no extra %q (it offers: %s): re-export it with that extra",
				f.path, x, list(f.extras))
		}
	}
	for _, g := range groups {
		if !slices.Contains(f.groups, g) && !slices.Contains(f.defaults, g) {
			return fmt.Errorf("selecting from %s: the lock offers no dependency group %q (it offers: %s): re-export it with that group",
				f.path, g, list(f.groups))
		}
	}
	return nil
}

// convert turns an entry into what is fetched. ok is false for the
// project itself, a directory entry at the lock's own directory.
func (f *File) convert(e *entry) (lp lock.Package, ok bool, err error) {
	lp = lock.Package{Name: e.name, Version: e.version, Files: e.files, Index: e.index, Source: "pylock.toml " + e.where}
	switch {
	case e.vcs != nil:
		b, err := f.vcs(e)
		if err != nil {
			return lp, false, err
		}
		lp.Built = b
	case e.dir != nil && path.Clean(e.dir.Path) == ".":
		return lp, false, nil
	case e.dir != nil:
		lp.Built = &lock.Built{Kind: lock.BuiltDirectory, Dir: f.local(e.dir.Path)}
	}
	return lp, true, nil
}

// vcs is a git entry as a build source: pinned by its commit-id.
func (f *File) vcs(e *entry) (*lock.Built, error) {
	v := e.vcs
	if v.Type != "git" {
		return nil, fmt.Errorf("selecting from %s: %s comes from %s (%s): pyko builds from git only; publish a wheel or use a URL",
			f.path, e.where, v.Type, redact(v.URL+v.Path))
	}
	repo := v.URL
	if repo == "" {
		repo = "file://" + filepath.ToSlash(f.local(v.Path))
	}
	if _, _, _, err := lock.ParseGitURL(repo + "@" + v.CommitID); err != nil {
		return nil, fmt.Errorf("selecting from %s: %s: %w", f.path, e.where, err)
	}
	return &lock.Built{Kind: lock.BuiltGit, URL: repo, Commit: v.CommitID, Subdirectory: strings.Trim(v.Subdirectory, "/")}, nil
}

// local is a path of the lock as an absolute one.
func (f *File) local(p string) string {
	if !filepath.IsAbs(p) {
		p = filepath.Join(filepath.Dir(f.path), filepath.FromSlash(p))
	}
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return filepath.Clean(p)
}

func list(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
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
