package resolve

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/pep440"
	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/python/pep508"
	"github.com/pyko-dev/pyko/internal/python/pubgrub"
	"github.com/pyko-dev/pyko/internal/python/simpleapi"
	"github.com/pyko-dev/pyko/internal/python/tags"
)

// solverName is the solver's name for the root: its own name when that
// cannot be a normalised distribution name (those have no "."), as
// "pyproject.toml" cannot, else in angle brackets.
func solverName(root Root) string {
	if strings.Contains(root.Name, ".") {
		return root.Name
	}
	return "<" + root.Name + ">"
}

// source is pubgrub's Source for one target.
type source struct {
	root     Root
	rootName string
	o        Options
	tags     tags.Target
	env      pep508.Environment
	python   string
	projects map[string]*project       // by normalised name
	pinned   map[string]bool           // "name==version" a requirement pins exactly
	metadata map[string]*parsedVersion // by wheel file name
}

func newSource(root Root, o Options, tt tags.Target) *source {
	return &source{root: root, rootName: solverName(root), o: o, tags: tt, env: o.Target.Markers(), python: o.Target.FullPython(), projects: map[string]*project{}, pinned: map[string]bool{}, metadata: map[string]*parsedVersion{}}
}

// Versions lists pkg's versions, newest first.
func (s *source) Versions(ctx context.Context, pkg string) ([]string, error) {
	switch {
	case pkg == Python:
		return []string{s.python}, nil
	case isExtra(pkg):
		base, _ := splitExtra(pkg)
		return s.Versions(ctx, base)
	}
	p, err := s.project(ctx, pkg)
	if err != nil {
		return nil, err
	}
	return p.versions, nil
}

// Dependencies lists what pkg at version needs.
func (s *source) Dependencies(ctx context.Context, pkg, version string) ([]pubgrub.Dependency, error) {
	switch {
	case pkg == s.rootName:
		deps, err := s.requirements(ctx, s.root.Requirements, s.root.Extras)
		if err != nil {
			return nil, err
		}
		cons, err := s.requirements(ctx, s.root.Constraints, s.root.Extras)
		for i := range cons {
			cons[i].Constraint = true
		}
		return append(deps, cons...), err
	case pkg == Python:
		return nil, nil
	case isExtra(pkg):
		base, extra := splitExtra(pkg)
		pv, err := s.version(ctx, base, version)
		if err != nil {
			return nil, err
		}
		same := pubgrub.Dependency{Package: base, Text: " " + version, Allows: func(v string) bool { return v == version }}
		deps, err := s.requirements(ctx, pv.requires, []string{extra})
		return append([]pubgrub.Dependency{same}, deps...), err
	}
	pv, err := s.version(ctx, pkg, version)
	if err != nil {
		return nil, err
	}
	deps := pv.python
	more, err := s.requirements(ctx, pv.requires, nil)
	return append(deps, more...), err
}

// requirements turns the requirements whose markers hold for the target
// (with extras) into dependencies: one on the package, and one on each
// extra it asks for.
func (s *source) requirements(ctx context.Context, reqs []pep508.Requirement, extras []string) ([]pubgrub.Dependency, error) {
	var out []pubgrub.Dependency
	for _, r := range reqs {
		if r.Marker != nil && !r.Marker.Evaluate(s.env, extras) {
			continue
		}
		if r.URL != "" {
			return nil, &pubgrub.Unavailable{Reason: fmt.Sprintf("it depends on %s by URL (%s), and pyko resolves only packages from an index", r.Name, r.URL)}
		}
		name := pep503.Normalize(r.Name)
		allows, err := s.allows(ctx, name, r.Specifiers)
		if err != nil {
			return nil, err
		}
		text := r.Specifiers.String()
		out = append(out, pubgrub.Dependency{Package: name, Allows: allows, Text: text})
		for _, e := range r.Extras {
			out = append(out, pubgrub.Dependency{Package: name + "[" + pep503.Normalize(e) + "]", Allows: allows, Text: text})
		}
	}
	return out, nil
}

// allows is spec as a predicate over name's versions. Pre-releases count
// when spec names one, or when the package has nothing but pre-releases
// (uv's default; pip takes them then only with --pre). Unlike PEP 440's
// permission, a final-release specifier that only a pre-release meets
// does not take it: neither pip nor uv does. A spec that pins one version
// exactly lets a yanked release be used.
func (s *source) allows(ctx context.Context, name string, spec pep440.Specifiers) (func(string) bool, error) {
	if len(spec) == 1 && spec[0].Op == "==" && !spec[0].Wildcard {
		s.pinned[name+"=="+spec[0].Version.String()] = true
	}
	pre := false
	if p, err := s.project(ctx, name); err == nil {
		pre = len(p.parsed) > 0
		for _, v := range p.parsed {
			if !v.IsPrerelease() {
				pre = false
				break
			}
		}
	} else if !isUnavailable(err) {
		return nil, err
	}
	return func(v string) bool {
		pv, err := pep440.Parse(v)
		return err == nil && spec.Contains(pv, pre)
	}, nil
}

func isExtra(pkg string) bool { return strings.HasSuffix(pkg, "]") }

func splitExtra(pkg string) (string, string) {
	base, extra, _ := strings.Cut(strings.TrimSuffix(pkg, "]"), "[")
	return base, extra
}

func isUnavailable(err error) bool {
	var u *pubgrub.Unavailable
	return errors.As(err, &u)
}

// notFound turns an index's "no such project" into an Unavailable.
func notFound(err error) error {
	var nf *simpleapi.NotFoundError
	if errors.As(err, &nf) {
		return &pubgrub.Unavailable{Reason: nf.Error()}
	}
	return err
}
