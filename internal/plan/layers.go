package plan

import (
	"cmp"
	"slices"

	"github.com/pyko-dev/pyko/internal/apk"
)

// OSLayer is one layer of OS packages: the packages of one or more origins.
type OSLayer struct {
	// Origins are the source packages whose subpackages are in this layer.
	Origins  []string
	Packages []*apk.Package
	// Size is the sum of the packages' installed sizes.
	Size int64
}

// GroupByOrigin splits pkgs into at most budget layers, as apko's "origin"
// layering does: packages built from the same origin (python-3.12 and
// python-3.12-base, say) always share a layer, since they change together;
// the largest origin groups get a layer each and the rest share the last
// layer. Large, slow-moving groups then stay cached in registries and
// nodes when a small package changes. The result is ordered by size,
// largest first (ties by origin name), with the shared layer last; within a
// layer packages keep their order in pkgs.
func GroupByOrigin(pkgs []*apk.Package, budget int) []OSLayer {
	if len(pkgs) == 0 {
		return nil
	}
	budget = max(budget, 1)
	groups := map[string]*OSLayer{}
	var order []string
	for _, p := range pkgs {
		o := cmp.Or(p.Origin, p.Name)
		g, ok := groups[o]
		if !ok {
			g = &OSLayer{Origins: []string{o}}
			groups[o] = g
			order = append(order, o)
		}
		g.Packages = append(g.Packages, p)
		g.Size += p.InstalledSize
	}
	slices.SortFunc(order, func(a, b string) int {
		return cmp.Or(cmp.Compare(groups[b].Size, groups[a].Size), cmp.Compare(a, b))
	})
	if len(order) <= budget {
		out := make([]OSLayer, len(order))
		for i, o := range order {
			out[i] = *groups[o]
		}
		return out
	}
	out := make([]OSLayer, 0, budget)
	for _, o := range order[:budget-1] {
		out = append(out, *groups[o])
	}
	rest := OSLayer{}
	in := map[*apk.Package]bool{}
	for _, o := range order[budget-1:] {
		rest.Origins = append(rest.Origins, o)
		rest.Size += groups[o].Size
		for _, p := range groups[o].Packages {
			in[p] = true
		}
	}
	slices.Sort(rest.Origins)
	for _, p := range pkgs {
		if in[p] {
			rest.Packages = append(rest.Packages, p)
		}
	}
	return append(out, rest)
}
