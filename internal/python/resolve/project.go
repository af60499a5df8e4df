package resolve

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/pep440"
	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/python/pep508"
	"github.com/pyko-dev/pyko/internal/python/pubgrub"
	"github.com/pyko-dev/pyko/internal/python/simpleapi"
	"github.com/pyko-dev/pyko/internal/python/tags"
	"github.com/pyko-dev/pyko/internal/python/wheel"
	"github.com/pyko-dev/pyko/internal/python/wheelname"
)

// project is what the index offers of one project.
type project struct {
	versions []string         // newest first, as the index writes them
	parsed   []pep440.Version // the same, parsed
	files    map[string][]simpleapi.File
	err      error
}

// parsedVersion is what one version needs: its Requires-Python as a
// dependency on Python, and its Requires-Dist.
type parsedVersion struct {
	python   []pubgrub.Dependency
	requires []pep508.Requirement
}

// project reads name's page once; an unknown name is Unavailable.
func (s *source) project(ctx context.Context, name string) (*project, error) {
	if p, ok := s.projects[name]; ok {
		return p, p.err
	}
	p := &project{files: map[string][]simpleapi.File{}}
	s.projects[name] = p
	page, err := s.o.Index.Project(ctx, name)
	if err != nil {
		p.err = notFound(err)
		return p, p.err
	}
	type ver struct {
		s string
		v pep440.Version
	}
	var vs []ver
	for _, f := range page.Files {
		n, err := wheelname.Parse(f.Filename)
		if err != nil || pep503.Normalize(n.Distribution) != name {
			continue // sdists: built in a later issue
		}
		v, err := pep440.Parse(n.Version)
		if err != nil {
			continue
		}
		key := v.String()
		if _, seen := p.files[key]; !seen {
			vs = append(vs, ver{key, v})
		}
		p.files[key] = append(p.files[key], f)
	}
	slices.SortFunc(vs, func(a, b ver) int { return pep440.Compare(b.v, a.v) })
	if want, ok := s.o.Prefer[name]; ok {
		// The locked version first: pubgrub tries versions in order.
		if i := slices.IndexFunc(vs, func(v ver) bool { return v.s == want }); i > 0 {
			vs = append(append([]ver{vs[i]}, vs[:i]...), vs[i+1:]...)
		}
	}
	for _, v := range vs {
		p.versions = append(p.versions, v.s)
		p.parsed = append(p.parsed, v.v)
	}
	return p, nil
}

// version reads what name at version needs, from the best wheel for the
// target. A version the target cannot use is Unavailable, saying why.
func (s *source) version(ctx context.Context, name, version string) (*parsedVersion, error) {
	p, err := s.project(ctx, name)
	if err != nil {
		return nil, err
	}
	f, err := s.bestWheel(name, version, p.files[version])
	if err != nil {
		return nil, err
	}
	if pv, ok := s.metadata[f.Filename]; ok {
		return pv, nil
	}
	pv, err := s.readVersion(ctx, name, version, f)
	if err != nil {
		return nil, err
	}
	s.metadata[f.Filename] = pv
	return pv, nil
}

// bestWheel is the file of the version the target would install: a wheel
// whose tags fit, best ranked; not yanked unless pinned with ==.
func (s *source) bestWheel(name, version string, files []simpleapi.File) (simpleapi.File, error) {
	type cand struct {
		f    simpleapi.File
		rank tags.Rank
	}
	var fits []cand
	for _, f := range files {
		n, err := wheelname.Parse(f.Filename)
		if err != nil {
			continue
		}
		if rank, ok, _ := s.tags.Supported(n.Tags); ok {
			fits = append(fits, cand{f, rank})
		}
	}
	if len(fits) == 0 {
		return simpleapi.File{}, &pubgrub.Unavailable{Reason: fmt.Sprintf("none of its %d wheels fits CPython %s on %s", len(files), s.python, s.o.Target.Machine)}
	}
	slices.SortStableFunc(fits, func(a, b cand) int { return cmp.Compare(a.rank, b.rank) })
	for _, c := range fits {
		if !c.f.Yanked {
			return c.f, nil
		}
	}
	if s.pinned[name+"=="+version] {
		return fits[0].f, nil
	}
	reason := "it was yanked"
	if r := fits[0].f.YankedReason; r != "" {
		reason += " (" + r + ")"
	}
	return simpleapi.File{}, &pubgrub.Unavailable{Reason: reason + "; pin it with == to use it anyway"}
}

// readVersion reads f's metadata: the .metadata file, else the wheel.
func (s *source) readVersion(ctx context.Context, name, version string, f simpleapi.File) (*parsedVersion, error) {
	data, err := s.o.Index.Metadata(ctx, f)
	if errors.Is(err, simpleapi.ErrNoMetadata) {
		if data, err = s.rangeMetadata(ctx, f); err != nil {
			s.o.Log.Debug("reading a wheel's metadata by byte ranges failed; downloading it", "file", f.Filename, "error", err.Error())
			data, err = s.wheelMetadata(ctx, f)
		}
	}
	if err != nil {
		return nil, err
	}
	m, err := wheel.ParseMetadata(data)
	if err != nil {
		return nil, &pubgrub.Unavailable{Reason: fmt.Sprintf("%s: %v", f.Filename, err)}
	}
	if mv, err := pep440.Parse(m.Version); pep503.Normalize(m.Name) != name || err != nil || mv.String() != version {
		return nil, &pubgrub.Unavailable{Reason: fmt.Sprintf("the metadata of %s says it is %s %s", f.Filename, m.Name, m.Version)}
	}
	pv := &parsedVersion{}
	for _, rp := range []string{f.RequiresPython, m.RequiresPython} {
		if err := s.addPython(pv, rp, f.Filename); err != nil {
			return nil, err
		}
	}
	for _, line := range m.RequiresDist {
		r, err := pep508.ParseRequirement(strings.TrimSpace(line))
		if err != nil {
			return nil, &pubgrub.Unavailable{Reason: fmt.Sprintf("%s has a Requires-Dist pyko cannot read: %v", f.Filename, err)}
		}
		pv.requires = append(pv.requires, r)
	}
	return pv, nil
}

// addPython makes a Requires-Python a dependency on Python.
func (s *source) addPython(pv *parsedVersion, rp, filename string) error {
	rp = strings.TrimSpace(rp)
	if rp == "" {
		return nil
	}
	spec, err := pep440.ParseSpecifiers(rp)
	if err != nil {
		return &pubgrub.Unavailable{Reason: fmt.Sprintf("%s has a Requires-Python pyko cannot read: %q", filename, rp)}
	}
	pv.python = append(pv.python, pubgrub.Dependency{Package: Python, Text: spec.String(), Allows: func(v string) bool {
		pyv, err := pep440.Parse(v)
		return err == nil && spec.Contains(pyv, true)
	}})
	return nil
}

// wheelMetadata downloads f into the cache, checked against the index's
// hash, and reads its METADATA.
func (s *source) wheelMetadata(ctx context.Context, f simpleapi.File) ([]byte, error) {
	want, err := s.o.Index.Want(f)
	if err != nil {
		return nil, err
	}
	path, err := s.o.Fetch.Fetch(ctx, want)
	if err != nil {
		return nil, err
	}
	return wheel.ReadMetadata(path)
}
