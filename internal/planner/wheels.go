package planner

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep440"
	"github.com/pyko-dev/pyko/internal/python/simpleapi"
	"github.com/pyko-dev/pyko/internal/python/tags"
	"github.com/pyko-dev/pyko/internal/python/wheelname"
	"github.com/pyko-dev/pyko/internal/target"
)

// planWheels selects the lockfile's packages for t and picks one wheel of
// each. Files the lock names with a URL are used as they are; otherwise
// the index is asked (metadata only: no wheel is downloaded here).
func (b *planner) planWheels(ctx context.Context, lf lock.Lockfile, idx *simpleapi.Client, t target.Target) ([]plan.Wheel, error) {
	tt, err := t.Tags()
	if err != nil {
		return nil, err
	}
	if rl, ok := lf.(resolvable); ok && rl.Unpinned(t.Markers()) {
		return b.resolveFile(ctx, rl, lf, idx, t, tt)
	}
	pkgs, err := lf.Select(t.Markers(), lock.Options{Groups: b.o.Groups, Extras: b.o.Extras})
	if err != nil {
		return nil, err
	}
	return b.chooseWheels(ctx, pkgs, idx, t, tt, lf)
}

// chooseWheels picks one wheel of each package for t. lf, if set, is the
// lockfile the packages come from (whether it requires hashes).
func (b *planner) chooseWheels(ctx context.Context, pkgs []lock.Package, idx *simpleapi.Client, t target.Target, tt tags.Target, lf lock.Lockfile) ([]plan.Wheel, error) {
	var out []plan.Wheel
	for _, p := range pkgs {
		if p.Built != nil {
			w, err := b.builtWheel(ctx, p)
			if err != nil {
				return nil, err
			}
			out = append(out, w)
			continue
		}
		cands, err := b.candidates(ctx, idx, p)
		if err != nil {
			return nil, err
		}
		w, err := plan.ChooseWheel(p, cands, tt, t.FullPython())
		var nw *plan.NoWheelError
		if errors.As(err, &nw) {
			for _, r := range nw.Rejected {
				b.log.Debug("no fit", "package", p.Name, "file", r.Filename, "why", r.Reason)
			}
			if sb := plan.ChooseSdist(p, cands, t.FullPython()); sb != nil {
				if !b.mayBuild(p.Name) {
					nw.NoBuild = true
				} else if sb.SHA256 == "" && len(sb.Hashes) == 0 {
					return nil, fmt.Errorf("%s: %s would be built from source, but neither the lock nor the index gives its sha256: pin its hash in the lockfile", p.Source, sb.Filename)
				} else {
					out = append(out, plan.Wheel{Name: p.Name, Version: p.Version, Source: p.Source, Build: sb})
					continue
				}
			}
		}
		if err != nil {
			return nil, err
		}
		if w.SHA256 == "" && len(w.Hashes) == 0 && lf != nil && lf.RequireHashes() {
			return nil, fmt.Errorf("%s: %s has no sha256, sha384 or sha512 in the lock or the index, and %s requires hashes", p.Source, w.Filename, lf.Path())
		}
		out = append(out, w)
	}
	return out, nil
}

// candidates are the files of p's version: the lock's, completed with
// the index's URLs and hashes where the lock lacks them.
func (b *planner) candidates(ctx context.Context, idx *simpleapi.Client, p lock.Package) ([]plan.Candidate, error) {
	var out []plan.Candidate
	complete := len(p.Files) > 0
	for _, f := range p.Files {
		out = append(out, plan.Candidate{Filename: f.Filename, URL: f.URL, SHA256: f.SHA256, Hashes: f.Hashes, Size: f.Size})
		complete = complete && f.URL != ""
	}
	if complete {
		return out, nil
	}
	proj, err := idx.Project(ctx, p.Name)
	if err != nil {
		return nil, fetch.Advise(fmt.Errorf("%s: %w", p.Source, err))
	}
	fromIndex := map[string]simpleapi.File{}
	if b.indexFiles == nil {
		b.indexFiles = map[string]simpleapi.File{}
	}
	for _, f := range proj.Files {
		fromIndex[f.Filename] = f
		b.indexFiles[f.Filename] = f
	}
	if len(out) == 0 {
		for _, f := range proj.Files {
			out = append(out, indexCandidate(f))
		}
		return out, nil
	}
	for i, c := range out {
		f, ok := fromIndex[c.Filename]
		if !ok {
			continue
		}
		ic := indexCandidate(f)
		if err := sameDigests(c, ic); err != nil {
			return nil, fmt.Errorf("%s: %s %w: the file changed since it was locked; re-lock or check the index", p.Source, c.Filename, err)
		}
		out[i].URL, out[i].RequiresPython = f.URL, f.RequiresPython
		if out[i].SHA256 == "" {
			out[i].SHA256 = ic.SHA256
		}
		for alg, d := range ic.Hashes {
			if out[i].Hashes[alg] == "" {
				out[i].Hashes = maps.Clone(out[i].Hashes)
				if out[i].Hashes == nil {
					out[i].Hashes = map[string]string{}
				}
				out[i].Hashes[alg] = d
			}
		}
		if out[i].Size == 0 {
			out[i].Size = f.Size
		}
	}
	return out, nil
}

// indexCandidate is an index file as a candidate: its strong digests and
// its Requires-Python.
func indexCandidate(f simpleapi.File) plan.Candidate {
	c := plan.Candidate{Filename: f.Filename, URL: f.URL, SHA256: f.Hashes["sha256"], Size: f.Size, RequiresPython: f.RequiresPython}
	for _, alg := range []string{"sha384", "sha512"} {
		if d := f.Hashes[alg]; d != "" {
			if c.Hashes == nil {
				c.Hashes = map[string]string{}
			}
			c.Hashes[alg] = d
		}
	}
	return c
}

// sameDigests says how the lock's digests of a file (c) differ from the
// index's (ic), nil when no algorithm both give differs.
func sameDigests(c, ic plan.Candidate) error {
	if c.SHA256 != "" && ic.SHA256 != "" && c.SHA256 != ic.SHA256 {
		return fmt.Errorf("has sha256 %s in the lock but %s on the index", c.SHA256, ic.SHA256)
	}
	for _, alg := range slices.Sorted(maps.Keys(c.Hashes)) {
		if d := ic.Hashes[alg]; d != "" && d != c.Hashes[alg] {
			return fmt.Errorf("has %s %s in the lock but %s on the index", alg, c.Hashes[alg], d)
		}
	}
	return nil
}

// newestWheel picks the newest release of name on the index that has a
// wheel for t: for --venv-pip, which asks for pip without pinning it.
func (b *planner) newestWheel(ctx context.Context, idx *simpleapi.Client, name string, t target.Target) (plan.Wheel, error) {
	tt, err := t.Tags()
	if err != nil {
		return plan.Wheel{}, err
	}
	proj, err := idx.Project(ctx, name)
	if err != nil {
		return plan.Wheel{}, err
	}
	byVersion := map[string][]plan.Candidate{}
	var versions []pep440.Version
	for _, f := range proj.Files {
		n, err := wheelname.Parse(f.Filename)
		if err != nil || f.Yanked {
			continue
		}
		v, err := pep440.Parse(n.Version)
		if err != nil || v.IsPrerelease() {
			continue
		}
		if _, ok := byVersion[v.String()]; !ok {
			versions = append(versions, v)
		}
		byVersion[v.String()] = append(byVersion[v.String()], indexCandidate(f))
	}
	slices.SortFunc(versions, func(a, b pep440.Version) int { return pep440.Compare(b, a) })
	for _, v := range versions {
		p := lock.Package{Name: name, Version: v.String(), Source: "--venv-pip"}
		if w, err := plan.ChooseWheel(p, byVersion[v.String()], tt, t.FullPython()); err == nil {
			return w, nil
		}
	}
	return plan.Wheel{}, fmt.Errorf("no release of %s on the index has a wheel for this image", name)
}
