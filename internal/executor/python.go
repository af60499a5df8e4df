package executor

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/python/venv"
	"github.com/pyko-dev/pyko/internal/python/wheel"
)

// pythonLayers fetches the planned wheels (each checked against its
// sha256), installs them into the venv and writes the python layers as
// the plan lays them out: the venv with the small packages, then each
// large package alone.
func (x *execution) pythonLayers(ctx context.Context, pl plan.Platform) ([]image.Addition, error) {
	venvDir := venvOf(pl)
	if venvDir == "" {
		return nil, nil
	}
	installed, err := x.installWheels(ctx, pl, venvDir)
	if err != nil {
		return nil, err
	}
	var parts []part
	for _, l := range pl.Layers {
		if l.Kind != plan.KindPython {
			continue
		}
		var es []layer.Entry
		history := "pyko: python package " + joinIDs(l.Wheels)
		if l.Venv != "" {
			spec := venv.Spec{Prefix: l.Venv, Interpreter: pl.Target.Interpreter, Version: pl.Target.FullPython()}
			if err := spec.Validate(); err != nil {
				return nil, err
			}
			es = venv.Entries(spec)
			history = fmt.Sprintf("pyko: venv %s and %d python packages", l.Venv, len(l.Wheels))
		}
		for _, id := range l.Wheels {
			es = append(es, installed[id]...)
		}
		parts = append(parts, part{entries: dedupe(es), history: history, python: true})
	}
	// Written in parallel, as the OS layers are: compression is most of
	// the work.
	return x.writeParts(ctx, parts)
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
func (x *execution) installWheels(ctx context.Context, pl plan.Platform, venvDir string) (map[string][]layer.Entry, error) {
	paths, err := x.wheelFiles(ctx, pl)
	if err != nil {
		return nil, err
	}
	lay := wheel.Layout{Prefix: venvDir, PythonVersion: pl.Target.Minor(), Interpreter: venvDir + "/bin/python"}
	opts := []wheel.Option{wheel.WithLogger(x.o.Log)}
	if pl.Target.Python != "" {
		// METADATA's Requires-Python is first seen here: a wheel that
		// excludes the image's Python is refused, as pip refuses it.
		opts = append(opts, wheel.WithPython(pl.Target.FullPython()))
	}
	out := map[string][]layer.Entry{}
	owners := map[string]string{}
	for i, w := range pl.Wheels {
		inst, err := wheel.Install(ctx, paths[i], lay, opts...)
		if err != nil {
			return nil, fmt.Errorf("installing %s: %w", filepath.Base(paths[i]), err)
		}
		x.warnOverlaps(owners, w.Name, inst.Entries)
		out[w.ID()] = inst.Entries
	}
	return out, nil
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
