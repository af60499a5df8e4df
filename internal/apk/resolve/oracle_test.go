package resolve

import (
	"fmt"
	"slices"

	"github.com/pyko-dev/pyko/internal/apk"
)

// checkSet verifies a resolved set independently of the solver: it is
// consistent, and every member comes after the members it needs, unless
// they need it back (a cycle).
func checkSet(world []apk.Dependency, set []*apk.Package) error {
	return consistent(world, set, true)
}

// consistent judges a set with apk.Dependency.SatisfiedBy: the world is
// met and its exclusions hold; every dependency of every member is met by
// a member; no member's "!name" matches another member; and a name is held
// by one member, unless all that provide it do so without a version. With
// ordered, the install order is checked too.
func consistent(world []apk.Dependency, set []*apk.Package, ordered bool) error {
	met := func(d apk.Dependency, self *apk.Package) *apk.Package {
		for _, p := range set {
			if p != self && d.SatisfiedBy(p) {
				return p
			}
		}
		return nil
	}
	for _, d := range world {
		if got := met(d, nil); d.Conflict && got != nil {
			return fmt.Errorf("world %s: %s is in the set", d, got.ID())
		} else if !d.Conflict && got == nil {
			return fmt.Errorf("world %s: not met", d)
		}
	}
	pos := map[*apk.Package]int{}
	for i, p := range set {
		pos[p] = i
	}
	for _, p := range set {
		for _, d := range p.Depends {
			if d.Conflict {
				if o := met(d, p); o != nil {
					return fmt.Errorf("%s conflicts with %s (%s)", p.ID(), o.ID(), d)
				}
				continue
			}
			if d.SatisfiedBy(p) {
				continue
			}
			o := met(d, p)
			if o == nil {
				return fmt.Errorf("%s: %s not met", p.ID(), d)
			}
			if ordered && pos[o] > pos[p] && !reaches(set, o, p) {
				return fmt.Errorf("%s is installed before %s, which it needs", p.ID(), o.ID())
			}
		}
	}
	return exclusiveNames(set)
}

// exclusiveNames checks apk-tools' rule that a name has one holder, or
// only unversioned providers.
func exclusiveNames(set []*apk.Package) error {
	type hold struct {
		p         *apk.Package
		versioned bool
	}
	holders := map[string][]hold{}
	for _, p := range set {
		holders[p.Name] = append(holders[p.Name], hold{p, true})
		for _, d := range p.Provides {
			holders[d.Name] = append(holders[d.Name], hold{p, d.Op == apk.OpEqual})
		}
	}
	for name, hs := range holders {
		for _, a := range hs {
			for _, b := range hs {
				if a.p != b.p && (a.versioned || b.versioned) {
					return fmt.Errorf("%s and %s both hold %s", a.p.ID(), b.p.ID(), name)
				}
			}
		}
	}
	return nil
}

// reaches reports whether from needs to, directly or not, within set
// (install_if atoms count as needs: they order the packages they add).
func reaches(set []*apk.Package, from, to *apk.Package) bool {
	seen := map[*apk.Package]bool{}
	var walk func(p *apk.Package) bool
	walk = func(p *apk.Package) bool {
		if p == to {
			return true
		}
		if seen[p] {
			return false
		}
		seen[p] = true
		for _, d := range slices.Concat(p.Depends, p.InstallIf) {
			if d.Conflict {
				continue
			}
			for _, o := range set {
				if o != p && d.SatisfiedBy(o) && walk(o) {
					return true
				}
			}
		}
		return false
	}
	return walk(from)
}
