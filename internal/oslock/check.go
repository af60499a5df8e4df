package oslock

import (
	"fmt"
	"slices"
	"strings"
)

// MismatchError says why a lock does not fit a build's inputs.
type MismatchError struct {
	Path    string
	Reasons []string
}

func (e *MismatchError) Error() string {
	return fmt.Sprintf("%s does not match this build (%s): run pyko lock to update it, or pyko lock --upgrade to also move to the newest packages",
		e.Path, strings.Join(e.Reasons, "; "))
}

// Check returns a *MismatchError when the lock was resolved from other
// inputs or trusts other keys than in and keys.
func (l *Lock) Check(path string, in Inputs, keys []Key) error {
	var r []string
	world := slices.Sorted(slices.Values(in.World))
	if added, removed := diff(l.Inputs.World, world); len(added)+len(removed) > 0 {
		r = append(r, "packages"+describe(added, removed))
	}
	if !slices.Equal(l.Inputs.Repositories, in.Repositories) {
		r = append(r, fmt.Sprintf("repositories are %s, the lock has %s", list(in.Repositories), list(l.Inputs.Repositories)))
	}
	for _, a := range in.Archs {
		if !slices.Contains(l.Inputs.Archs, a) {
			r = append(r, "no packages for "+a)
		}
	}
	for _, k := range keys {
		if !slices.Contains(l.Keys, k) {
			r = append(r, "key "+k.Name+" is not the one the lock trusts")
		}
	}
	if len(r) > 0 {
		return &MismatchError{Path: path, Reasons: r}
	}
	return nil
}

func diff(old, cur []string) (added, removed []string) {
	for _, s := range cur {
		if !slices.Contains(old, s) {
			added = append(added, s)
		}
	}
	for _, s := range old {
		if !slices.Contains(cur, s) {
			removed = append(removed, s)
		}
	}
	return added, removed
}

func describe(added, removed []string) string {
	var parts []string
	if len(added) > 0 {
		parts = append(parts, "added "+strings.Join(added, ", "))
	}
	if len(removed) > 0 {
		parts = append(parts, "removed "+strings.Join(removed, ", "))
	}
	return " " + strings.Join(parts, " and ")
}

func list(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}
