package layer

import (
	"cmp"
	"slices"
)

// sortEntries orders entries by path bytes. A directory always sorts before
// its contents because a prefix sorts before any extension of it.
func sortEntries(es []Entry) {
	slices.SortFunc(es, func(a, b Entry) int { return cmp.Compare(a.Path, b.Path) })
}
