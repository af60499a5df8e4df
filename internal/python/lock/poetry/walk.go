package poetry

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/pep440"
)

// node is a package, or one of its extras ("" for the package itself).
type node struct {
	p     *pkg
	extra string
}

// walk is one breadth-first traversal of the lock for one target.
type walk struct {
	f      *File
	t      target
	extras []string // the project's requested extras
	seen   map[node]bool
	queue  []node
	// reached lists packages in the order first reached; via names what
	// each was first reached from, for messages.
	reached []*pkg
	via     map[*pkg]string
	self    map[string]bool // the project's extras reached through itself
}

func (w *walk) run(starts []start) error {
	for _, s := range starts {
		if err := w.follow(s.deps, s.extras, s.from); err != nil {
			return err
		}
	}
	for len(w.queue) > 0 {
		n := w.queue[0]
		w.queue = w.queue[1:]
		if n.extra == "" {
			var deps []*dep
			for _, d := range n.p.deps {
				if !d.optional {
					deps = append(deps, d)
				}
			}
			if err := w.follow(deps, nil, n.p.id()); err != nil {
				return err
			}
			continue
		}
		if err := w.follow(w.extraDeps(n), []string{n.extra}, n.p.name+"["+n.extra+"]"); err != nil {
			return err
		}
	}
	return nil
}

// extraDeps is what an extra of a package turns on: the dependencies its
// [package.extras] entry lists, and optional dependencies whose marker
// names the extra (locks without [package.extras] rely on those).
func (w *walk) extraDeps(n node) []*dep {
	deps := slices.Clone(n.p.extras[n.extra])
	for _, d := range n.p.deps {
		if d.optional && d.marker != nil && d.marker.Evaluate(w.t.env, []string{n.extra}) && !d.marker.Evaluate(w.t.env, nil) {
			deps = append(deps, d)
		}
	}
	return deps
}

// follow takes every dependency that holds for the target.
func (w *walk) follow(deps []*dep, extras []string, from string) error {
	for _, d := range deps {
		if !d.holds(w.t, extras) {
			continue
		}
		if d.name == w.f.project.name {
			// "app[pg]" in app's own extras or groups names app's extras.
			if err := w.followSelf(d.extras); err != nil {
				return err
			}
			continue
		}
		p, err := w.choose(d, from)
		if err != nil {
			return err
		}
		if _, ok := w.via[p]; !ok {
			w.via[p] = from
			w.reached = append(w.reached, p)
		}
		w.push(node{p, ""})
		for _, x := range d.extras {
			w.push(node{p, x})
		}
	}
	return nil
}

func (w *walk) followSelf(extras []string) error {
	for _, x := range extras {
		if w.self[x] {
			continue
		}
		w.self[x] = true
		if err := w.follow(w.f.project.extras[x], []string{x}, "the project's extra "+x); err != nil {
			return err
		}
	}
	return nil
}

func (w *walk) push(n node) {
	if !w.seen[n] {
		w.seen[n] = true
		w.queue = append(w.queue, n)
	}
}

// choose picks the locked package a dependency leads to. Most names are
// locked once. A name locked at several versions (for different Python
// versions or platforms) is settled as Poetry's solver would: the versions
// the constraint admits, then those whose python-versions and markers
// admit the target, then the highest.
func (w *walk) choose(d *dep, from string) (*pkg, error) {
	all := w.f.byName[d.name]
	var ok []*pkg
	for _, p := range all {
		v, err := pep440.Parse(p.version)
		if err != nil || d.version.admits(v) {
			ok = append(ok, p)
		}
	}
	if len(ok) == 0 {
		var have []string
		for _, p := range all {
			have = append(have, p.version)
		}
		what := "it is not locked"
		if len(have) > 0 {
			what = "the lock has only " + strings.Join(have, ", ") + ", which the constraint excludes"
		}
		return nil, fmt.Errorf("selecting from %s: %s needs %s, and %s: the lock is stale; run `poetry lock`", w.f.path, from, d.name, what)
	}
	if len(ok) > 1 {
		ok = prefer(ok, func(p *pkg) bool { return p.python.admitsPython(w.t.full, w.t.minor) })
		ok = prefer(ok, func(p *pkg) bool { return w.markersHold(p) })
		slices.SortFunc(ok, func(a, b *pkg) int { return -compareVersions(a.version, b.version) })
	}
	return ok[0], nil
}

// markersHold reports whether any of the package's lock-version 2.1
// markers holds (true when it has none).
func (w *walk) markersHold(p *pkg) bool {
	if len(p.markers) == 0 {
		return true
	}
	for _, m := range p.markers {
		if m.Evaluate(w.t.env, w.extras) {
			return true
		}
	}
	return false
}

// prefer keeps the packages keep accepts, unless it accepts none.
func prefer(ps []*pkg, keep func(*pkg) bool) []*pkg {
	var out []*pkg
	for _, p := range ps {
		if keep(p) {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return ps
	}
	return out
}

func compareVersions(a, b string) int {
	va, errA := pep440.Parse(a)
	vb, errB := pep440.Parse(b)
	if errA != nil || errB != nil {
		return strings.Compare(a, b)
	}
	return pep440.Compare(va, vb)
}
