package executor

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/apk/install"
	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/plan"
)

// part is a layer's entries before it is written.
type part struct {
	entries []layer.Entry
	history string
	// name is what a progress display calls the layer.
	name string
	// python: a layer of Python packages, whose files take the layer's
	// time; an OS part keeps its packages' build dates, clamped to
	// SOURCE_DATE_EPOCH.
	python bool
	// generated: the layer of files pyko makes for the packages.
	generated bool
}

// osAdditions are the platform's OS layers: from the layer cache, else
// written from its installed tree (installed now if it was not) and
// cached.
func (x *execution) osAdditions(ctx context.Context, pl plan.Platform, tree *osTree) ([]image.Addition, error) {
	key, err := x.osKey(pl, "layers", x.created())
	if err != nil {
		return nil, err
	}
	if adds, _, ok := x.cachedLayers(ctx, key); ok {
		return adds, nil
	}
	if tree == nil {
		if tree, err = x.installPlatform(ctx, pl); err != nil {
			return nil, err
		}
	}
	adds, err := x.osLayers(ctx, tree, pl.Layers, pl.Bytecode)
	if err != nil {
		return nil, err
	}
	return x.cacheLayers(ctx, key, adds), nil
}

// osLayers writes the installed tree as the plan lays it out: the os
// layers (packages by origin), then the generated layer (installed db,
// accounts, ld.so.cache). Each file keeps its package's build date,
// clamped to SOURCE_DATE_EPOCH. Layers are compressed in parallel.
func (x *execution) osLayers(ctx context.Context, t *osTree, layers []plan.Layer, bc *plan.Bytecode) ([]image.Addition, error) {
	byID := map[string]*apk.Package{}
	for _, p := range t.installed {
		byID[p.ID()] = p
	}
	groups := map[string][]layer.Entry{}
	for _, g := range t.tree.Entries() {
		groups[g.Owner] = g.Entries
	}
	var parts []part
	for _, l := range layers {
		switch l.Kind {
		case plan.KindOS:
			var es []layer.Entry
			for _, id := range l.Packages {
				p := byID[id]
				if p == nil {
					return nil, fmt.Errorf("package %s was planned but not installed", id)
				}
				es = append(es, dated(groups[p.Name], time.Unix(p.BuildTime, 0))...)
			}
			parts = append(parts, part{entries: dedupe(es), history: "pyko: OS packages " + strings.Join(l.Packages, " "), name: osLayerName(l.Packages, byID)})
		case plan.KindGenerated:
			if gen := groups[install.GeneratedOwner]; len(gen) > 0 {
				parts = append(parts, part{entries: dated(gen, x.created()), history: "pyko: installed db, accounts, ld.so.cache", name: "os generated", generated: true})
			}
		}
	}
	gen := slices.IndexFunc(parts, func(p part) bool { return p.generated })
	if err := x.compileStdlib(ctx, bc, parts, gen); err != nil {
		return nil, err
	}
	return x.writeParts(ctx, parts)
}

// writeParts writes parts as layers, in parallel, in order.
func (x *execution) writeParts(ctx context.Context, parts []part) ([]image.Addition, error) {
	start := time.Now()
	defer func() {
		x.o.Log.Debug("wrote layers", "layers", len(parts), "took", time.Since(start).Round(time.Millisecond))
	}()
	adds := make([]image.Addition, len(parts))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, p := range parts {
		g.Go(func() error {
			opts := x.layerOpts()
			if !x.sde.IsZero() && !p.python {
				opts = append(opts, layer.WithMaxModTime(x.sde))
			}
			l, err := x.writeLayer(ctx, p.name, p.entries, opts...)
			if err != nil {
				return fmt.Errorf("writing the layer of %s: %w", strings.TrimPrefix(p.history, "pyko: "), err)
			}
			adds[i] = image.Addition{Layer: l, History: x.history(p.history)}
			return nil
		})
	}
	return adds, g.Wait()
}

// osLayerName names an OS layer by the origin of its first package,
// "os python-3.12", with a "+" when it holds other origins too.
func osLayerName(ids []string, byID map[string]*apk.Package) string {
	origins := map[string]bool{}
	first := ""
	for _, id := range ids {
		p := byID[id]
		o := cmp.Or(p.Origin, p.Name)
		if first == "" {
			first = o
		}
		origins[o] = true
	}
	if len(origins) > 1 {
		first += " +"
	}
	return "os " + first
}

func dated(es []layer.Entry, t time.Time) []layer.Entry {
	out := make([]layer.Entry, len(es))
	for i, e := range es {
		e.ModTime = t
		out[i] = e
	}
	return out
}

// dedupe keeps the first entry of each path: packages sharing a layer
// each bring copies of their common ancestor directories.
func dedupe(es []layer.Entry) []layer.Entry {
	seen := map[string]bool{}
	out := es[:0]
	for _, e := range es {
		if !seen[e.Path] {
			seen[e.Path] = true
			out = append(out, e)
		}
	}
	return out
}
