package srcbuild

import (
	"context"
	"fmt"
	"os"

	"github.com/pyko-dev/pyko/internal/dirtree"
	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep440"
	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/python/pep508"
	"github.com/pyko-dev/pyko/internal/python/resolve"
	"github.com/pyko-dev/pyko/internal/python/venv"
	"github.com/pyko-dev/pyko/internal/python/wheel"
)

// envPrefix is the build environment's path in the sandbox.
const envPrefix = "/env"

// env resolves reqs for the target, and installs the wheels into a new
// venv under dir as it will be seen from the root: dir/env is bound at
// /env. It returns the pinned set.
func (j *job) env(ctx context.Context, reqs []pep508.Requirement, dir string) ([]lock.Package, error) {
	t := j.r.Target
	var pkgs []lock.Package
	if len(reqs) > 0 {
		if j.b.o.Index == nil {
			return nil, fmt.Errorf("the build requirements %v need a package index, and none is configured", reqs)
		}
		var err error
		pkgs, err = resolve.Resolve(ctx, resolve.Root{Name: "the build requirements of " + j.r.Wheel.ID(), Requirements: reqs},
			resolve.Options{Index: j.b.o.Index, Fetch: j.b.o.Fetch, Target: t, Log: j.b.o.Log})
		if err != nil {
			return nil, err
		}
	}
	wheels, err := j.chooseWheels(ctx, pkgs)
	if err != nil {
		return nil, err
	}
	paths, err := j.fetchWheels(ctx, wheels)
	if err != nil {
		return nil, err
	}
	spec := venv.Spec{Prefix: envPrefix, Interpreter: t.Interpreter, Version: t.FullPython()}
	if err := spec.Validate(); err != nil {
		return nil, err
	}
	es := venv.Entries(spec)
	lay := wheel.Layout{Prefix: envPrefix, PythonVersion: t.Minor(), Interpreter: envPrefix + "/bin/python"}
	for i, p := range paths {
		inst, err := wheel.Install(ctx, p, lay, wheel.WithPython(t.FullPython()))
		if err != nil {
			return nil, fmt.Errorf("installing the build requirement %s: %w", wheels[i].Filename, err)
		}
		es = append(es, inst.Entries...)
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, err
	}
	if err := dirtree.Write(ctx, dir, firstOfEach(es)); err != nil {
		return nil, fmt.Errorf("installing the build requirements: %w", err)
	}
	var names []string
	for _, w := range wheels {
		names = append(names, w.ID())
	}
	j.b.o.Log.Debug("build environment", "package", j.r.Wheel.ID(), "requirements", names)
	return pkgs, nil
}

// chooseWheels picks each package's wheel from the index for the target.
// A build requirement with no wheel is an error: pyko does not build its
// build tools from source.
func (j *job) chooseWheels(ctx context.Context, pkgs []lock.Package) ([]plan.Wheel, error) {
	t := j.r.Target
	tt, err := t.Tags()
	if err != nil {
		return nil, err
	}
	var out []plan.Wheel
	for _, p := range pkgs {
		proj, err := j.b.o.Index.Project(ctx, p.Name)
		if err != nil {
			return nil, fetch.Advise(fmt.Errorf("build requirement %s: %w", p.Name, err))
		}
		var cands []plan.Candidate
		for _, f := range proj.Files {
			cands = append(cands, plan.Candidate{Filename: f.Filename, URL: f.URL, SHA256: f.Hashes["sha256"], Size: f.Size, RequiresPython: f.RequiresPython})
		}
		w, err := plan.ChooseWheel(p, cands, tt, t.FullPython())
		if err != nil {
			return nil, fmt.Errorf("build requirement %w (pyko builds packages, not their build tools, from source)", err)
		}
		if w.SHA256 == "" {
			return nil, fmt.Errorf("build requirement %s: the index gives no sha256 of %s to check it against", p.Name, w.Filename)
		}
		out = append(out, w)
	}
	return out, nil
}

func (j *job) fetchWheels(ctx context.Context, ws []plan.Wheel) ([]string, error) {
	var wants []fetch.Want
	for _, w := range ws {
		u, err := j.b.o.Auth(w.URL)
		if err != nil {
			return nil, err
		}
		wants = append(wants, fetch.Want{URL: u, Key: w.CacheKey(), SHA256: w.SHA256, Size: w.Size})
	}
	if len(wants) == 0 {
		return nil, nil
	}
	return j.b.o.Fetch.FetchAll(ctx, wants)
}

// satisfied reports whether every requirement whose marker holds for the
// target is met by a pinned package.
func satisfied(reqs []pep508.Requirement, pkgs []lock.Package, env pep508.Environment) bool {
	have := map[string]string{}
	for _, p := range pkgs {
		have[pep503.Normalize(p.Name)] = p.Version
	}
	for _, r := range reqs {
		if r.Marker != nil && !r.Marker.Evaluate(env, nil) {
			continue
		}
		v, ok := have[pep503.Normalize(r.Name)]
		if !ok || len(r.Extras) > 0 || r.URL != "" {
			return false
		}
		pv, err := pep440.Parse(v)
		if err != nil || !r.Specifiers.Contains(pv, true) {
			return false
		}
	}
	return true
}

// firstOfEach keeps the first entry of each path: the venv's directories
// and two wheels' shared files once.
func firstOfEach(es []layer.Entry) []layer.Entry {
	seen := map[string]bool{}
	var out []layer.Entry
	for _, e := range es {
		if !seen[e.Path] {
			seen[e.Path] = true
			out = append(out, e)
		}
	}
	return out
}

// sameVersion compares two versions as PEP 440 does, falling back to the
// strings.
func sameVersion(a, b string) bool {
	va, erra := pep440.Parse(a)
	vb, errb := pep440.Parse(b)
	if erra != nil || errb != nil {
		return a == b
	}
	return pep440.Compare(va, vb) == 0
}
