package build

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/apk/install"
	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/plan"
)

// osLayers writes the installed tree as layers: the packages grouped as
// planned (by origin into at most --os-layers layers), then one layer of what pyko
// generated (installed db, accounts, ld.so.cache). Each file keeps its
// package's build date, clamped to SOURCE_DATE_EPOCH. Layers are
// compressed in parallel.
func (b *builder) osLayers(ctx context.Context, tree *install.Tree, installed []*apk.Package, planned []plan.OSLayer) ([]image.Addition, error) {
	byName := map[string]*apk.Package{}
	for _, p := range installed {
		byName[p.Name] = p
	}
	groups := map[string][]layer.Entry{}
	for _, g := range tree.Entries() {
		groups[g.Owner] = g.Entries
	}
	type part struct {
		entries []layer.Entry
		history string
	}
	var parts []part
	for _, l := range planned {
		var es []layer.Entry
		var names []string
		for _, pp := range l.Packages {
			p := byName[pp.Name]
			if p == nil {
				return nil, fmt.Errorf("package %s was planned but not installed", pp.ID())
			}
			es = append(es, dated(groups[p.Name], time.Unix(p.BuildTime, 0))...)
			names = append(names, p.ID())
		}
		parts = append(parts, part{dedupe(es), "pyko: OS packages " + strings.Join(names, " ")})
	}
	if gen := groups[install.GeneratedOwner]; len(gen) > 0 {
		parts = append(parts, part{dated(gen, b.created()), "pyko: installed db, accounts, ld.so.cache"})
	}
	adds := make([]image.Addition, len(parts))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, p := range parts {
		g.Go(func() error {
			opts := b.layerOpts()
			if !b.o.Created.IsZero() {
				opts = append(opts, layer.WithMaxModTime(b.o.Created))
			}
			l, err := layer.New(ctx, p.entries, opts...)
			if err != nil {
				return fmt.Errorf("writing the layer of %s: %w", strings.TrimPrefix(p.history, "pyko: "), err)
			}
			adds[i] = image.Addition{Layer: l, History: b.history(p.history)}
			return nil
		})
	}
	return adds, g.Wait()
}

func (b *builder) osLayerBudget() int {
	if b.o.OSLayers > 0 {
		return b.o.OSLayers
	}
	return DefaultOSLayers
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
