package uvlock

import (
	"fmt"

	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/python/pep508"
)

// newPkg checks one [[package]] entry and converts what can be converted
// without the rest of the lock: the dependency edges are linked later.
func newPkg(path, dir string, w *packageWire, members map[string]bool) (*pkg, error) {
	if w.Name == "" {
		return nil, fmt.Errorf("reading %s: a [[package]] has no name: run `uv lock`", path)
	}
	p := &pkg{name: pep503.Normalize(w.Name), version: w.Version, source: w.Source}
	if n := sourceKinds(w.Source); n != 1 {
		return nil, fmt.Errorf("reading %s: package %s has %d sources, want exactly one: run `uv lock`", path, p.id(), n)
	}
	if w.Source.Editable != "" || w.Source.Virtual != "" {
		p.local = true
		p.member = members[p.name]
		p.declaredExtras, p.declaredGroups = map[string]bool{}, map[string]bool{}
		for _, x := range w.Metadata.ProvidesExtras {
			p.declaredExtras[pep503.Normalize(x)] = true
		}
		for g := range w.Metadata.RequiresDev {
			p.declaredGroups[pep503.Normalize(g)] = true
		}
	}
	for _, s := range w.ResolutionMarkers {
		m, err := pep508.ParseMarker(s)
		if err != nil {
			return nil, fmt.Errorf("parsing %s package %s resolution-markers %q: %w", path, p.id(), s, err)
		}
		p.resolution = append(p.resolution, m)
	}
	files, err := artifacts(dir, w)
	if err != nil {
		return nil, fmt.Errorf("reading %s package %s: %w", path, p.id(), err)
	}
	p.files = files
	return p, nil
}

// sourceKinds counts the kinds of source set; uv writes exactly one.
func sourceKinds(s sourceWire) int {
	n := 0
	for _, v := range []string{s.Registry, s.Git, s.URL, s.Path, s.Directory, s.Editable, s.Virtual} {
		if v != "" {
			n++
		}
	}
	return n
}

// holds reports whether the package's resolution-markers admit env. A
// package without them is locked for every environment.
func (p *pkg) holds(env pep508.Environment, active []string) bool {
	if len(p.resolution) == 0 {
		return true
	}
	for _, m := range p.resolution {
		if m.Evaluate(env, active) {
			return true
		}
	}
	return false
}

// link turns every dependency table into edges to locked packages.
func (f *File) link(ws []packageWire) error {
	for i, p := range f.packages {
		w := &ws[i]
		deps, err := f.edges(p.id(), "dependencies", w.Dependencies)
		if err != nil {
			return err
		}
		p.deps = deps
		p.extras, err = f.edgeMap(p.id(), "optional-dependencies", w.OptionalDependencies)
		if err != nil {
			return err
		}
		p.groups, err = f.edgeMap(p.id(), "dev-dependencies", w.DevDependencies)
		if err != nil {
			return err
		}
	}
	return nil
}

func (f *File) edgeMap(owner, table string, m map[string][]dependencyWire) (map[string][]*edge, error) {
	out := make(map[string][]*edge, len(m))
	for key, ds := range m {
		es, err := f.edges(owner, table+"."+key, ds)
		if err != nil {
			return nil, err
		}
		k := pep503.Normalize(key)
		out[k] = append(out[k], es...)
	}
	return out, nil
}

func (f *File) edges(owner, table string, ds []dependencyWire) ([]*edge, error) {
	out := make([]*edge, 0, len(ds))
	for _, d := range ds {
		e, err := f.newEdge(d.Name, d.Marker, d.Extra, func(p *pkg) bool {
			return (d.Version == "" || p.version == d.Version) && (d.Source == nil || p.source == *d.Source)
		})
		if err != nil {
			return nil, fmt.Errorf("reading %s package %s %s: %w", f.path, owner, table, err)
		}
		out = append(out, e)
	}
	return out, nil
}

// newEdge builds an edge to the locked packages named name that match.
func (f *File) newEdge(name, marker string, extras []string, match func(*pkg) bool) (*edge, error) {
	e := &edge{name: pep503.Normalize(name)}
	if name == "" {
		return nil, fmt.Errorf("a dependency has no name: run `uv lock`")
	}
	if marker != "" {
		m, err := pep508.ParseMarker(marker)
		if err != nil {
			return nil, fmt.Errorf("parsing the marker of %s %q: %w", e.name, marker, err)
		}
		e.marker = m
	}
	for _, x := range extras {
		e.extras = append(e.extras, pep503.Normalize(x))
	}
	for _, p := range f.byName[e.name] {
		if match(p) {
			e.candidates = append(e.candidates, p)
		}
	}
	if len(e.candidates) == 0 {
		return nil, fmt.Errorf("dependency %s is not locked: the lock is incomplete; run `uv lock`", e.name)
	}
	return e, nil
}
