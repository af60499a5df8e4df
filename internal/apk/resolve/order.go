package resolve

import (
	"slices"

	"github.com/pyko-dev/pyko/internal/apk"
)

// installOrder returns the selection in install order: a package after the
// packages that meet its dependencies (and, if install_if added it, its
// install_if atoms); among packages
// free to go, the smallest name first. A dependency cycle (glibc ↔
// ld-linux) is kept together and entered at its smallest name.
func (s *solver) installOrder() []*apk.Package {
	n := len(s.sel)
	names := make([]string, n)
	deps := make([][]int32, n)
	for pos, sl := range s.sel {
		p := s.ix.pkgs[sl.pkg]
		names[pos] = p.Name
		edges := [][]apk.Dependency{p.Depends}
		if s.queue[sl.req].installIf {
			edges = append(edges, p.InstallIf) // after the packages that triggered it
		}
		for _, l := range edges {
			for _, d := range l {
				if d.Conflict {
					continue
				}
				if q := s.meetsBest(d); q >= 0 && int(q) != pos && !slices.Contains(deps[pos], q) {
					deps[pos] = append(deps[pos], q)
				}
			}
		}
	}
	out := make([]*apk.Package, 0, n)
	for _, pos := range topoOrder(names, deps) {
		out = append(out, s.ix.pkgs[s.sel[pos].pkg])
	}
	return out
}

// meetsBest returns the selected package that meets d, the most preferred
// if several do (unversioned provides), so that the edge does not depend on
// the order of selection.
func (s *solver) meetsBest(d apk.Dependency) int32 {
	best := int32(-1)
	var bestA answer
	for _, h := range s.holders[d.Name] {
		if !matches(d, h.version, h.versioned) {
			continue
		}
		a := answer{pkg: s.sel[h.pos].pkg, version: h.version, versioned: h.versioned}
		if best < 0 || s.ix.compare(d.Name, a, bestA) < 0 {
			best, bestA = h.pos, a
		}
	}
	return best
}

// topoOrder orders nodes dependencies first (deps[i] are the nodes i needs
// before it), smallest name first among the nodes that are free to go.
// Strongly connected components (cycles) are ordered as units, keyed by
// their smallest name; inside one, the same rule applies to the edges of
// the component, and when every member still waits on another, the
// smallest name goes first. Names must be unique.
func topoOrder(names []string, deps [][]int32) []int32 {
	comp, members := components(deps)
	// waiting[c] counts the other components c needs; users[c] those that need c.
	nc := len(members)
	waiting := make([]int, nc)
	users := make([][]int32, nc)
	for i, ds := range deps {
		for _, d := range ds {
			if ci, cd := comp[i], comp[d]; ci != cd && !slices.Contains(users[cd], ci) {
				users[cd] = append(users[cd], ci)
				waiting[ci]++
			}
		}
	}
	key := make([]string, nc)
	for c, ms := range members {
		key[c] = names[ms[0]]
		for _, m := range ms {
			key[c] = min(key[c], names[m])
		}
	}
	var ready []int32
	for c := range nc {
		if waiting[c] == 0 {
			ready = append(ready, int32(c))
		}
	}
	out := make([]int32, 0, len(names))
	for len(ready) > 0 {
		k := smallest(ready, func(c int32) string { return key[c] })
		c := ready[k]
		ready = slices.Delete(ready, k, k+1)
		out = append(out, orderComponent(members[c], names, deps, comp)...)
		for _, u := range users[c] {
			if waiting[u]--; waiting[u] == 0 {
				ready = append(ready, u)
			}
		}
	}
	return out
}

// orderComponent orders the members of one component by its inner edges.
func orderComponent(ms []int32, names []string, deps [][]int32, comp []int32) []int32 {
	if len(ms) == 1 {
		return ms
	}
	done := map[int32]bool{}
	left := slices.Clone(ms)
	out := make([]int32, 0, len(ms))
	for len(left) > 0 {
		var free []int32
		for _, m := range left {
			if !slices.ContainsFunc(deps[m], func(d int32) bool { return comp[d] == comp[m] && !done[d] }) {
				free = append(free, m)
			}
		}
		if len(free) == 0 {
			free = left // a cycle: break it at the smallest name
		}
		m := free[smallest(free, func(i int32) string { return names[i] })]
		done[m] = true
		out = append(out, m)
		left = slices.DeleteFunc(left, func(i int32) bool { return i == m })
	}
	return out
}

// smallest returns the index in l of the element with the smallest key.
func smallest(l []int32, key func(int32) string) int {
	k := 0
	for i := range l {
		if key(l[i]) < key(l[k]) {
			k = i
		}
	}
	return k
}
