package pipfile

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep440"
	"github.com/pyko-dev/pyko/internal/python/pep508"
)

// Select returns the packages of the "default" category, and of the
// categories opts.Groups names, whose markers hold in env, sorted by name.
// "dev", "develop" and "dev-packages" name the "develop" category;
// "packages" names "default"; other groups name custom categories. Extras
// do not apply: the lock is flat. A package in several chosen categories
// must have one version there; its hashes add up.
func (f *File) Select(env pep508.Environment, opts lock.Options) ([]lock.Package, error) {
	cats, err := f.chosen(opts.Groups)
	if err != nil {
		return nil, err
	}
	byName := map[string]*lock.Package{}
	first := map[string]entry{}
	for _, cat := range cats {
		for _, e := range f.categories[cat] {
			if e.marker != nil && !e.marker.Evaluate(env, nil) {
				continue
			}
			if e.problem != nil {
				return nil, f.errorf(e, "%w", e.problem)
			}
			p, seen := byName[e.name]
			if !seen {
				byName[e.name] = f.pkg(e)
				first[e.name] = e
				continue
			}
			if err := f.merge(p, first[e.name], e); err != nil {
				return nil, err
			}
		}
	}
	out := make([]lock.Package, 0, len(byName))
	for _, p := range byName {
		slices.Sort(p.Hashes)
		out = append(out, *p)
	}
	slices.SortFunc(out, func(a, b lock.Package) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// chosen maps groups to category names: "default" first, then the
// groups' categories, each once.
func (f *File) chosen(groups []string) ([]string, error) {
	cats := []string{"default"}
	for _, g := range groups {
		c := g
		switch strings.ToLower(g) {
		case "dev", "develop", "dev-packages":
			c = "develop"
		case "default", "packages":
			c = "default"
		}
		if _, ok := f.categories[c]; !ok {
			return nil, fmt.Errorf("selecting group %q: %s has no category %q; it has %s", g, f.name, c, strings.Join(f.Categories(), ", "))
		}
		if !slices.Contains(cats, c) {
			cats = append(cats, c)
		}
	}
	return cats, nil
}

// pkg makes the package of an entry.
func (f *File) pkg(e entry) *lock.Package {
	p := &lock.Package{
		Name:    e.name,
		Version: e.version,
		Hashes:  slices.Clone(e.hashes),
		Index:   e.index,
		Source:  fmt.Sprintf("%s %s %s", f.name, e.category, e.name),
	}
	if e.file != nil {
		p.Files = []lock.File{*e.file}
	}
	p.Built = e.built
	return p
}

// merge adds entry e of another category to p, made from entry first.
func (f *File) merge(p *lock.Package, first, e entry) error {
	if !sameVersion(first.version, e.version) || (first.file != nil && e.file != nil && first.file.URL != e.file.URL) {
		return f.errorf(e, "version %s differs from %s in %s: run pipenv lock", e.version, first.version, first.category)
	}
	for _, h := range e.hashes {
		if !slices.Contains(p.Hashes, h) {
			p.Hashes = append(p.Hashes, h)
		}
	}
	if p.Index == "" {
		p.Index = e.index
	}
	if p.Files == nil && e.file != nil {
		p.Files = []lock.File{*e.file}
	}
	return nil
}

// sameVersion compares versions as PEP 440 does, or as strings when one is
// not a PEP 440 version ("===").
func sameVersion(a, b string) bool {
	va, errA := pep440.Parse(a)
	vb, errB := pep440.Parse(b)
	if errA == nil && errB == nil {
		return pep440.Compare(va, vb) == 0
	}
	return strings.EqualFold(a, b)
}

func (f *File) errorf(e entry, format string, args ...any) error {
	return &EntryError{File: f.name, Category: e.category, Name: e.name, Err: fmt.Errorf(format, args...)}
}
