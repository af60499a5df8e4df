package executor

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/python/pep508"
	"github.com/pyko-dev/pyko/internal/python/venv"
	"github.com/pyko-dev/pyko/internal/python/wheel"
)

// pythonLayers writes the python layers as the plan lays them out: the
// venv with the small packages, then each large package alone. A layer
// the cache of finished layers has is taken from it; for the others the
// planned wheels are fetched (each checked against its sha256), installed
// into the venv and compiled.
func (x *execution) pythonLayers(ctx context.Context, pl plan.Platform) ([]image.Addition, []wheelFacts, error) {
	venvDir := venvOf(pl)
	if venvDir == "" {
		return nil, nil, nil
	}
	var todo []plan.Layer
	var keys []string
	adds := map[int]image.Addition{}
	var facts []wheelFacts
	for i, l := range pl.Layers {
		if l.Kind != plan.KindPython {
			continue
		}
		key, err := x.pythonKey(pl, l)
		if err != nil {
			return nil, nil, err
		}
		if add, rec, ok := x.cachedLayer(ctx, key); ok && len(rec.Wheels) == len(l.Wheels) {
			adds[i] = add
			facts = append(facts, rec.Wheels...)
			continue
		}
		todo, keys = append(todo, l), append(keys, key)
	}
	made, madeFacts, err := x.writePythonLayers(ctx, pl, venvDir, todo)
	if err != nil {
		return nil, nil, err
	}
	var out []image.Addition
	for i, l := range pl.Layers {
		if l.Kind != plan.KindPython {
			continue
		}
		if add, ok := adds[i]; ok {
			out = append(out, add)
			continue
		}
		add, key, f := made[0], keys[0], madeFacts[0]
		made, keys, madeFacts = made[1:], keys[1:], madeFacts[1:]
		out = append(out, x.cacheLayer(ctx, key, add, f...))
		facts = append(facts, f...)
	}
	return out, facts, nil
}

// wheelFacts are w's facts for the SBOM: its METADATA and, unless it was
// built here, its file's sha256 (the plan's, which the download was
// checked against, else hashed now).
func (x *execution) wheelFacts(w plan.Wheel, file string, m wheel.Metadata, env pep508.Environment) (wheelFacts, error) {
	f := factsOfWheel(w.ID(), m, env)
	if w.Build != nil {
		return f, nil
	}
	f.SHA256 = w.SHA256
	if f.SHA256 == "" {
		var err error
		if f.SHA256, err = fetch.HashFile(file); err != nil {
			return f, fmt.Errorf("hashing %s: %w", filepath.Base(file), err)
		}
	}
	return f, nil
}

// writePythonLayers installs the wheels of layers and writes them; with
// each layer, its wheels' facts for the SBOM.
func (x *execution) writePythonLayers(ctx context.Context, pl plan.Platform, venvDir string, layers []plan.Layer) ([]image.Addition, [][]wheelFacts, error) {
	if len(layers) == 0 {
		return nil, nil, nil
	}
	var ws []plan.Wheel
	for _, l := range layers {
		for _, id := range l.Wheels {
			ws = append(ws, wheelByID(pl.Wheels, id))
		}
	}
	start := time.Now()
	installed, meta, err := x.installWheels(ctx, pl, ws, venvDir)
	if err != nil {
		return nil, nil, err
	}
	x.o.Log.Debug("installed python packages", "wheels", len(ws), "took", time.Since(start).Round(time.Millisecond))
	var parts []part
	var facts [][]wheelFacts
	for _, l := range layers {
		var es []layer.Entry
		history := "pyko: python package " + joinIDs(l.Wheels)
		name := "python " + joinIDs(l.Wheels)
		if l.Venv != "" {
			spec := venv.Spec{Prefix: l.Venv, Interpreter: pl.Target.Interpreter, Version: pl.Target.FullPython()}
			if err := spec.Validate(); err != nil {
				return nil, nil, err
			}
			es = venv.Entries(spec)
			history = fmt.Sprintf("pyko: venv %s and %d python packages", l.Venv, len(l.Wheels))
			name = "python"
		}
		var f []wheelFacts
		for _, id := range l.Wheels {
			es = append(es, installed[id]...)
			f = append(f, meta[id])
		}
		parts = append(parts, part{entries: dedupe(es), history: history, name: name, python: true})
		facts = append(facts, f)
	}
	// Written in parallel, as the OS layers are: compression is most of
	// the work.
	adds, err := x.writeParts(ctx, parts)
	return adds, facts, err
}

func wheelByID(ws []plan.Wheel, id string) plan.Wheel {
	for _, w := range ws {
		if w.ID() == id {
			return w
		}
	}
	return plan.Wheel{Name: id}
}

// venvOf is the venv's path in the image, "" when the image has none.
func venvOf(pl plan.Platform) string {
	for _, l := range pl.Layers {
		if l.Kind == plan.KindPython && l.Venv != "" {
			return l.Venv
		}
	}
	return ""
}

func joinIDs(ids []string) string {
	if len(ids) == 1 {
		return ids[0]
	}
	return fmt.Sprint(ids)
}

// installWheels fetches and installs every wheel of pl, in the plan's
// order, and returns each one's entries by "name==version".
func (x *execution) installWheels(ctx context.Context, pl plan.Platform, ws []plan.Wheel, venvDir string) (map[string][]layer.Entry, map[string]wheelFacts, error) {
	paths, err := x.wheelFiles(ctx, pl, ws)
	if err != nil {
		return nil, nil, err
	}
	lay := wheel.Layout{Prefix: venvDir, PythonVersion: pl.Target.Minor(), Interpreter: venvDir + "/bin/python"}
	opts := []wheel.Option{wheel.WithLogger(x.o.Log)}
	if pl.Target.Python != "" {
		// METADATA's Requires-Python is first seen here: a wheel that
		// excludes the image's Python is refused, as pip refuses it.
		opts = append(opts, wheel.WithPython(pl.Target.FullPython()))
	}
	out := map[string][]layer.Entry{}
	meta := map[string]wheelFacts{}
	owners := map[string]string{}
	for i, w := range ws {
		inst, err := wheel.Install(ctx, paths[i], lay, opts...)
		if err != nil {
			return nil, nil, fmt.Errorf("installing %s: %w", filepath.Base(paths[i]), err)
		}
		x.warnOverlaps(owners, w.Name, inst.Entries)
		out[w.ID()] = inst.Entries
		if meta[w.ID()], err = x.wheelFacts(w, paths[i], inst.Metadata, pl.Target.Markers()); err != nil {
			return nil, nil, err
		}
	}
	if pl.Bytecode != nil {
		if err := x.compileWheels(ctx, pl.Bytecode, ws, lay, paths, out, x.wheelJobs(ctx)); err != nil {
			return nil, nil, err
		}
	}
	return out, meta, nil
}

// warnOverlaps logs files that two wheels both install. pip lets the
// later one win; here the first (by name) wins in a shared layer and the
// upper layer across layers, so the user should hear of it.
func (x *execution) warnOverlaps(owners map[string]string, name string, es []layer.Entry) {
	for _, e := range es {
		if e.Mode.IsDir() {
			continue
		}
		if first, ok := owners[e.Path]; ok && first != name {
			x.o.Log.Warn("two Python packages install the same file", "path", "/"+e.Path, "packages", first+" "+name)
			continue
		}
		owners[e.Path] = name
	}
}

// fetchWheels downloads the wheels in parallel into the cache, each
// verified against its sha256 and its other hashes before it is used (a
// cached file too: the cache key of a wheel without a sha256 is its URL).
func (x *execution) fetchWheels(ctx context.Context, wheels []plan.Wheel) ([]string, error) {
	if len(wheels) == 0 {
		return nil, nil
	}
	var wants []fetch.Want
	for _, w := range wheels {
		u, err := x.o.Auth(w.URL)
		if err != nil {
			return nil, err
		}
		wants = append(wants, fetch.Want{URL: u, Key: w.CacheKey(), SHA256: w.SHA256,
			Verify: func(path string) error { return checkWheelHashes(path, w) }})
	}
	// Fetch runs Verify on a cache hit as on a download, so a cached
	// wheel that no longer matches its pins is fetched again, not used.
	return x.o.Fetch.FetchAll(ctx, wants)
}
