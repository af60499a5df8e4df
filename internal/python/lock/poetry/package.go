package poetry

import (
	"fmt"
	"slices"

	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/python/pep508"
)

// newPkg converts one [[package]] entry.
func (f *File) newPkg(w *packageWire) (*pkg, error) {
	if w.Name == "" || w.Version == "" {
		return nil, fmt.Errorf("a [[package]] lacks a name or a version: re-lock with `poetry lock`")
	}
	p := &pkg{name: pep503.Normalize(w.Name), version: w.Version, source: w.Source}
	var err error
	if p.python, err = parseConstraint(w.PythonVersions); err != nil {
		return nil, fmt.Errorf("python-versions: %w", err)
	}
	if p.markers, err = decodeMarkers(w.Markers); err != nil {
		return nil, err
	}
	if p.deps, err = decodeDeps(w.Dependencies); err != nil {
		return nil, err
	}
	if p.extras, err = extraEdges(p.deps, w.Extras); err != nil {
		return nil, err
	}
	if p.files, err = f.artifacts(w); err != nil {
		return nil, err
	}
	for _, a := range p.files {
		f.hashes = f.hashes || a.SHA256 != ""
	}
	return p, nil
}

// decodeMarkers reads lock-version 2.1's markers: a string for every
// group, or a table of strings by group.
func decodeMarkers(v any) (map[string]*pep508.Marker, error) {
	raw := map[string]string{}
	switch v := v.(type) {
	case nil:
		return nil, nil
	case string:
		raw[""] = v
	case map[string]any:
		for g, s := range v {
			str, ok := s.(string)
			if !ok {
				return nil, fmt.Errorf("markers.%s: want a string, have %T", g, s)
			}
			raw[g] = str
		}
	default:
		return nil, fmt.Errorf("markers: want a string or a table, have %T", v)
	}
	out := make(map[string]*pep508.Marker, len(raw))
	for g, s := range raw {
		m, err := pep508.ParseMarker(s)
		if err != nil {
			return nil, fmt.Errorf("parsing markers %q: %w", s, err)
		}
		out[g] = m
	}
	return out, nil
}

// extraEdges lists, for each extra, the dependencies it turns on. An
// extra's requirement strings name optional dependencies, maybe with
// extras of their own ("httpx[http2] (>=0.27)"); the dependency table
// holds their constraints and markers. A name missing from the table is
// followed as the string says.
func extraEdges(deps []*dep, extras map[string][]string) (map[string][]*dep, error) {
	out := make(map[string][]*dep, len(extras))
	for x, reqs := range extras {
		k := pep503.Normalize(x)
		for _, r := range reqs {
			rd, err := fromRequirement(r)
			if err != nil {
				return nil, fmt.Errorf("extra %s: parsing %q: %w", x, r, err)
			}
			matched := false
			for _, d := range deps {
				if d.name != rd.name {
					continue
				}
				matched = true
				e := *d
				e.extras = union(d.extras, rd.extras)
				out[k] = append(out[k], &e)
			}
			if !matched {
				out[k] = append(out[k], rd)
			}
		}
	}
	return out, nil
}

func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
