package planner

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/project"
	"github.com/pyko-dev/pyko/internal/python/pep440"
	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/python/pep508"
	"github.com/pyko-dev/pyko/internal/python/simpleapi"
	"github.com/pyko-dev/pyko/internal/python/wheel"
	"github.com/pyko-dev/pyko/internal/target"
)

// checkComplete checks that the wheels chosen for t hold every dependency
// they declare, and the project's: each Requires-Dist whose marker holds
// for t (with the extras asked of it) names a package in the set at a
// version its specifier allows. A lockfile that forgot one would give an
// image whose app dies at its first import. Every gap is listed in one
// error; --no-deps skips the check.
func (b *planner) checkComplete(ctx context.Context, idx *simpleapi.Client, t target.Target, wheels []plan.Wheel, from string) error {
	if b.o.NoDeps || len(wheels) == 0 {
		return nil
	}
	env := t.Markers()
	have := map[string]string{}
	reqs := map[string][]pep508.Requirement{} // by package
	for _, w := range wheels {
		have[pep503.Normalize(w.Name)] = w.Version
		if w.Build != nil {
			// Its metadata is known once built; planning downloads no sdist.
			continue
		}
		m, err := b.wheelMetadata(ctx, idx, w)
		if err != nil {
			return fmt.Errorf("checking the dependencies of %s: %w", w.Filename, err)
		}
		for _, line := range m.RequiresDist {
			r, err := pep508.ParseRequirement(strings.TrimSpace(line))
			if err != nil {
				return fmt.Errorf("checking the dependencies of %s: Requires-Dist %q: %w", w.Filename, line, err)
			}
			reqs[pep503.Normalize(w.Name)] = append(reqs[pep503.Normalize(w.Name)], r)
		}
	}
	var root []pep508.Requirement
	for _, line := range b.proj.Dependencies {
		if r, err := pep508.ParseRequirement(line); err == nil {
			root = append(root, r)
		}
	}
	gaps := gapsOf(root, reqs, have, env)
	if len(gaps) == 0 {
		return nil
	}
	return fmt.Errorf("%s does not hold every dependency for %s: %s; add them (uv pip compile or pip-compile resolves them), or pass --no-deps to install it as it is",
		from, t.Machine, strings.Join(gaps, "; "))
}

// gapsOf lists, sorted, the requirements that have not got what they ask
// for, following the extras that requirements ask of each package.
func gapsOf(root []pep508.Requirement, reqs map[string][]pep508.Requirement, have map[string]string, env pep508.Environment) []string {
	extras := map[string][]string{}
	seen := map[string]bool{}
	var gaps []string
	check := func(who string, r pep508.Requirement, ex []string) {
		if r.Marker != nil && !r.Marker.Evaluate(env, ex) {
			return
		}
		name := pep503.Normalize(r.Name)
		for _, e := range r.Extras {
			if e = pep503.Normalize(e); !slices.Contains(extras[name], e) {
				extras[name] = append(extras[name], e)
			}
		}
		v, ok := have[name]
		var gap string
		switch {
		case !ok:
			gap = fmt.Sprintf("%s requires %s, which is not listed", who, r.Name+r.Specifiers.String())
		case len(r.Specifiers) > 0:
			pv, err := pep440.Parse(v)
			if err != nil || !r.Specifiers.Contains(pv, true) {
				gap = fmt.Sprintf("%s requires %s, and %s %s is listed", who, r.Name+r.Specifiers.String(), name, v)
			}
		}
		if gap != "" && !seen[gap] {
			seen[gap] = true
			gaps = append(gaps, gap)
		}
	}
	for _, r := range root {
		check(project.PyprojectFile, r, nil)
	}
	// Extras asked of a package add requirements of that package; go
	// round until no new extra appears.
	for n := -1; n != countExtras(extras); {
		n = countExtras(extras)
		for pkg, rs := range reqs {
			for _, r := range rs {
				check(pkg+" "+have[pkg], r, extras[pkg])
			}
		}
	}
	slices.Sort(gaps)
	return gaps
}

func countExtras(m map[string][]string) int {
	n := 0
	for _, es := range m {
		n += len(es)
	}
	return n
}

// wheelMetadata reads a chosen wheel's core metadata: the index's PEP 658
// file when planning read the wheel's index page and it offers one, else
// the wheel itself, downloaded into the cache under the key the executor
// uses (so it is not fetched twice, and a lockfile that names every file
// sends no request to an index).
func (b *planner) wheelMetadata(ctx context.Context, idx *simpleapi.Client, w plan.Wheel) (wheel.Metadata, error) {
	if f, ok := b.indexFiles[w.Filename]; ok && f.CoreMetadata && f.URL == w.URL {
		data, err := idx.Metadata(ctx, f)
		if err == nil {
			return wheel.ParseMetadata(data)
		}
		if !errors.Is(err, simpleapi.ErrNoMetadata) {
			return wheel.Metadata{}, err
		}
	}
	u, err := idx.AuthURL(w.URL)
	if err != nil {
		return wheel.Metadata{}, err
	}
	want := fetch.Want{URL: u, Key: w.CacheKey(), SHA256: w.SHA256}
	for _, h := range w.Hashes {
		alg, hex, _ := strings.Cut(h, ":")
		want.Hashes = append(want.Hashes, fetch.Hash{Alg: alg, Hex: hex})
	}
	path, err := b.o.Fetch.Fetch(ctx, want)
	if err != nil {
		return wheel.Metadata{}, err
	}
	data, err := wheel.ReadMetadata(path)
	if err != nil {
		return wheel.Metadata{}, err
	}
	return wheel.ParseMetadata(data)
}
