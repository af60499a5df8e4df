package resolve

import (
	"slices"

	"github.com/pyko-dev/pyko/internal/apk"
)

// answer is one way a package answers to a name: by its own name, or by one
// of its provides.
type answer struct {
	pkg       int32  // index into index.pkgs
	version   string // the version the package carries for the name
	versioned bool   // false for an unversioned provide ("py3-foo")
	own       bool   // the package's own name
}

// index holds the candidate packages by every name they answer to. The
// answers are linked lists in one flat slice, built in one pass over the
// packages without an allocation per name; a name's list becomes a sorted
// slice the first time the solver asks for it.
type index struct {
	pkgs      []*apk.Package
	heads     map[string]int32 // name → its last entry in entries
	entries   []entry
	lists     map[string][]answer // sorted answers, by name, as asked for
	installIf map[string][]int32  // name in an install_if atom → packages
}

// entry is an answer and the index of the previous entry for the same
// name (-1 for none).
type entry struct {
	answer
	prev int32
}

func newIndex(available []*apk.Package, arch string) *index {
	n := 0
	for _, p := range available {
		if p != nil {
			n += numNames(p)
		}
	}
	ix := &index{
		pkgs:      make([]*apk.Package, 0, len(available)),
		heads:     make(map[string]int32, n),
		entries:   make([]entry, 0, n),
		lists:     map[string][]answer{},
		installIf: map[string][]int32{},
	}
	for _, p := range available {
		if p == nil || p.Name == "" || (arch != "" && p.Arch != arch && p.Arch != "noarch") {
			continue
		}
		i := int32(len(ix.pkgs))
		ix.pkgs = append(ix.pkgs, p)
		for k := range numNames(p) {
			name, version, versioned := nameAt(p, k)
			prev, ok := ix.heads[name]
			if !ok {
				prev = -1
			}
			ix.heads[name] = int32(len(ix.entries))
			ix.entries = append(ix.entries, entry{answer{pkg: i, version: version, versioned: versioned, own: k == 0}, prev})
		}
		for _, d := range p.InstallIf {
			ix.installIf[d.Name] = append(ix.installIf[d.Name], i)
		}
	}
	return ix
}

// known reports whether any package answers to name.
func (ix *index) known(name string) bool {
	_, ok := ix.heads[name]
	return ok
}

// numNames is how many names p answers to: its own and its provides.
func numNames(p *apk.Package) int { return 1 + len(p.Provides) }

// nameAt returns p's k-th name: 0 is its own name, at its own version; the
// others are its provides, versioned when they say "=version" (as
// apk.Dependency.SatisfiedBy reads them).
func nameAt(p *apk.Package, k int) (name, version string, versioned bool) {
	if k == 0 {
		return p.Name, p.Version, true
	}
	d := p.Provides[k-1]
	if d.Op != apk.OpEqual {
		return d.Name, "", false
	}
	return d.Name, d.Version, true
}

// answers returns the packages answering to name, most preferred first.
func (ix *index) answers(name string) []answer {
	if as, ok := ix.lists[name]; ok {
		return as
	}
	var as []answer
	if h, ok := ix.heads[name]; ok {
		for e := h; e >= 0; e = ix.entries[e].prev {
			as = append(as, ix.entries[e].answer)
		}
	}
	slices.SortFunc(as, func(a, b answer) int { return ix.compare(name, a, b) })
	ix.lists[name] = as
	return as
}

// candidates returns the answers that satisfy d (taken as a requirement
// even when it is a conflict), most preferred first.
func (ix *index) candidates(d apk.Dependency) []answer {
	var out []answer
	for _, a := range ix.answers(d.Name) {
		if matches(d, a.version, a.versioned) {
			out = append(out, a)
		}
	}
	return out
}

// matches reports whether a package carrying version (or no version) for
// d's name satisfies d's constraint. An unversioned provide satisfies only
// an unversioned requirement, as in apk-tools.
func matches(d apk.Dependency, version string, versioned bool) bool {
	if d.Op == apk.OpAny {
		return true
	}
	if !versioned {
		return false
	}
	d.Conflict = false
	return d.Matches(version)
}
