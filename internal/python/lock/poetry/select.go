package poetry

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep440"
	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/python/pep508"
)

// Select walks the lock from the project's requirements for env: its main
// dependencies, the extras in opts.Extras and the groups in opts.Groups,
// then every dependency whose markers (and Poetry python/platform keys)
// hold, with the extras each asks for.
func (f *File) Select(env pep508.Environment, opts lock.Options) ([]lock.Package, error) {
	t, err := f.target(env)
	if err != nil {
		return nil, err
	}
	w := &walk{f: f, t: t, extras: normalizeAll(opts.Extras), seen: map[node]bool{}, via: map[*pkg]string{}, self: map[string]bool{}}
	starts, err := f.starts(w.extras, normalizeAll(opts.Groups))
	if err != nil {
		return nil, err
	}
	if err := w.run(starts); err != nil {
		return nil, err
	}
	byName := map[string]*pkg{}
	var out []lock.Package
	for _, p := range w.reached {
		if q, ok := byName[p.name]; ok {
			return nil, fmt.Errorf("selecting from %s: both %s (needed by %s) and %s (needed by %s) are selected for this target: "+
				"the lock may be stale; run `poetry lock`", f.path, q.id(), w.via[q], p.id(), w.via[p])
		}
		byName[p.name] = p
		lp, err := f.convert(p, w.via[p])
		if err != nil {
			return nil, err
		}
		out = append(out, lp)
	}
	slices.SortFunc(out, func(a, b lock.Package) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// target parses env's Python version and checks it against the lock's.
func (f *File) target(env pep508.Environment) (target, error) {
	t := target{env: env}
	var err error
	if t.full, err = pep440.Parse(env["python_full_version"]); err != nil {
		return t, fmt.Errorf("selecting from %s: the target's python_full_version %q: %w", f.path, env["python_full_version"], err)
	}
	if t.minor, err = pep440.Parse(env["python_version"]); err != nil {
		return t, fmt.Errorf("selecting from %s: the target's python_version %q: %w", f.path, env["python_version"], err)
	}
	if !f.python.admitsPython(t.full, t.minor) {
		return t, fmt.Errorf("selecting from %s: the lock is for Python %s and the target has %s: "+
			"use a Python the project supports, or change its python constraint and run `poetry lock`", f.path, f.pyText, t.full)
	}
	return t, nil
}

// start is a list of requirements to follow, with the extras their
// markers see and where they come from, for messages.
type start struct {
	deps   []*dep
	extras []string
	from   string
}

// starts lists the project's requirements for the requested extras and
// groups, rejecting extras and groups the project does not define.
func (f *File) starts(extras, groups []string) ([]start, error) {
	pr := f.project
	out := []start{{deps: pr.main, from: "the project"}}
	for _, x := range extras {
		ds, ok := pr.extras[x]
		if !ok {
			// Fall back on the lock's [extras], written by older Poetry.
			names, inLock := f.extras[x]
			if !inLock {
				return nil, fmt.Errorf("selecting from %s: the project has no extra %q (it has: %s)", f.path, x, keys(pr.extras, f.extras))
			}
			for _, n := range names {
				ds = append(ds, &dep{name: pep503.Normalize(n)})
			}
		}
		out = append(out, start{deps: ds, extras: []string{x}, from: "the project's extra " + x})
	}
	for _, g := range groups {
		ds, ok := pr.groups[g]
		if !ok {
			return nil, fmt.Errorf("selecting from %s: the project has no dependency group %q (it has: %s)", f.path, g, keys(pr.groups, nil))
		}
		out = append(out, start{deps: ds, from: "the project's group " + g})
	}
	return out, nil
}

func normalizeAll(names []string) []string {
	out := make([]string, 0, len(names))
	for _, n := range names {
		out = append(out, pep503.Normalize(n))
	}
	return out
}

func keys[V any](a map[string]V, b map[string][]string) string {
	var out []string
	for k := range a {
		out = append(out, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	if len(out) == 0 {
		return "none"
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}

// AdmitsPython reports whether the lock's python-versions admit the full
// Python version v ("3.12.7"): a Python chosen for the image must.
func (f *File) AdmitsPython(v pep440.Version) bool {
	minor, err := pep440.Parse(fmt.Sprintf("%d.%d", v.Major(), v.Minor()))
	return err != nil || f.python.admitsPython(v, minor)
}
