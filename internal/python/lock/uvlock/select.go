package uvlock

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep440"
	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/python/pep508"
)

// Select walks the lock from the project for env: its dependencies, the
// optional dependencies of opts.Extras and the groups of opts.Groups, then
// every edge whose marker holds, with the extras each edge asks for. The
// project and workspace members are followed but not returned.
func (f *File) Select(env pep508.Environment, opts lock.Options) ([]lock.Package, error) {
	if err := f.checkEnv(env); err != nil {
		return nil, err
	}
	extras, groups := normalizeAll(opts.Extras), normalizeAll(opts.Groups)
	if err := f.checkRequested(extras, groups); err != nil {
		return nil, err
	}
	// Conflict markers test the extras and groups active anywhere in the
	// graph, which are only known after a walk: walk again until the set
	// stops growing (uv's installer does the same in two passes).
	active := map[string]bool{}
	for _, r := range f.roots {
		for _, x := range extras {
			active[encode("extra", r.name, x)] = true
		}
		for _, g := range groups {
			active[encode("group", r.name, g)] = true
		}
	}
	for {
		w := &walk{f: f, env: env, active: sortedKeys(active), seen: map[node]bool{}, via: map[*pkg]string{}}
		if err := w.run(extras, groups); err != nil {
			return nil, err
		}
		grew := false
		for k := range w.activated {
			if !active[k] {
				active[k], grew = true, true
			}
		}
		if !grew {
			return f.result(w)
		}
	}
}

// checkEnv applies the lock's requires-python and supported environments.
func (f *File) checkEnv(env pep508.Environment) error {
	if f.requires != nil {
		v, err := pep440.Parse(env["python_full_version"])
		if err != nil {
			return fmt.Errorf("selecting from %s: the target's python_full_version %q: %w", f.path, env["python_full_version"], err)
		}
		if !f.requires.Contains(v, true) {
			return fmt.Errorf("selecting from %s: the lock requires Python %s and the target has %s: "+
				"use a Python the project supports, or change requires-python and run `uv lock`", f.path, f.requires, v)
		}
	}
	if len(f.supported) == 0 {
		return nil
	}
	for _, m := range f.supported {
		if m.Evaluate(env, nil) {
			return nil
		}
	}
	return fmt.Errorf("selecting from %s: the lock was resolved only for its [tool.uv] environments, and %s on %s is not one of them: "+
		"add it to tool.uv.environments and run `uv lock`", f.path, env["python_full_version"], env["platform_machine"])
}

// checkRequested rejects extras and groups the project does not define.
func (f *File) checkRequested(extras, groups []string) error {
	haveExtras, haveGroups := map[string]bool{}, map[string]bool{}
	for g := range f.groups {
		haveGroups[g] = true
	}
	for _, r := range f.roots {
		maps.Copy(haveExtras, keySet(r.extras))
		maps.Copy(haveExtras, r.declaredExtras)
		maps.Copy(haveGroups, keySet(r.groups))
		maps.Copy(haveGroups, r.declaredGroups)
	}
	for _, x := range extras {
		if !haveExtras[x] {
			return fmt.Errorf("selecting from %s: the lock has no extra %q for the project (it has: %s): "+
				"if pyproject.toml defines it, run `uv lock`", f.path, x, list(haveExtras))
		}
	}
	for _, g := range groups {
		if !haveGroups[g] {
			return fmt.Errorf("selecting from %s: the lock has no dependency group %q for the project (it has: %s): "+
				"if pyproject.toml defines it, run `uv lock`", f.path, g, list(haveGroups))
		}
	}
	return nil
}

// result converts the reached packages, rejecting a name reached at two
// versions, and sorts them by name.
func (f *File) result(w *walk) ([]lock.Package, error) {
	byName := map[string]*pkg{}
	var out []lock.Package
	for _, p := range w.reached {
		if q, ok := byName[p.name]; ok && q != p {
			return nil, fmt.Errorf("selecting from %s: both %s (from %s) and %s (from %s) are selected for this target: "+
				"the lock may be stale; run `uv lock`", f.path, q.id(), w.via[q], p.id(), w.via[p])
		}
		byName[p.name] = p
		lp, ok, err := f.convert(p, w.via[p])
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

// encode spells an extra or group the way uv's conflict markers do.
func encode(kind, pkg, name string) string {
	return fmt.Sprintf("%s-%d-%s-%s", kind, len(pkg), pkg, name)
}

func normalizeAll(names []string) []string {
	out := make([]string, 0, len(names))
	for _, n := range names {
		out = append(out, pep503.Normalize(n))
	}
	return out
}

func keySet[V any](m map[string]V) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func list(m map[string]bool) string {
	if len(m) == 0 {
		return "none"
	}
	return strings.Join(sortedKeys(m), ", ")
}

// AdmitsPython reports whether the lock's requires-python admits the full
// Python version v: a Python chosen for the image must.
func (f *File) AdmitsPython(v pep440.Version) bool {
	return f.requires == nil || f.requires.Contains(v, true)
}
