package pubgrub

import (
	"context"
	"slices"
	"strings"
)

// world is a Source from literals: versions most preferred first, and
// per "pkg version" its dependencies as "dep:v1|v2" (any version: "dep").
type world struct {
	versions    map[string][]string
	deps        map[string][]string
	unavailable map[string]string // "pkg version" or "pkg" → reason
	asked       map[string]int
}

func (w *world) Versions(_ context.Context, pkg string) ([]string, error) {
	if why, ok := w.unavailable[pkg]; ok {
		return nil, &Unavailable{Reason: why}
	}
	return w.versions[pkg], nil
}

func (w *world) Dependencies(_ context.Context, pkg, version string) ([]Dependency, error) {
	key := pkg + " " + version
	if w.asked == nil {
		w.asked = map[string]int{}
	}
	w.asked[key]++
	if why, ok := w.unavailable[key]; ok {
		return nil, &Unavailable{Reason: why}
	}
	var out []Dependency
	for _, d := range w.deps[key] {
		constraint := strings.HasPrefix(d, "~")
		d = strings.TrimPrefix(d, "~")
		name, list, ok := strings.Cut(d, ":")
		if !ok {
			out = append(out, Dependency{Package: name})
			continue
		}
		allowed := strings.Split(list, "|")
		out = append(out, Dependency{Package: name, Text: "==" + strings.Join(allowed, "|"), Constraint: constraint,
			Allows: func(v string) bool { return slices.Contains(allowed, v) }})
	}
	return out, nil
}

// valid reports whether sel satisfies every dependency of every selected
// version, the root's included.
func (w *world) valid(sel map[string]string) bool {
	for pkg, v := range sel {
		deps, err := w.Dependencies(context.Background(), pkg, v)
		if err != nil {
			return false
		}
		for _, d := range deps {
			got, ok := sel[d.Package]
			if !ok && d.Constraint {
				continue
			}
			if !ok || d.Allows != nil && !d.Allows(got) {
				return false
			}
		}
	}
	return true
}
