package pylock

import (
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/lock"
)

// indexes gathers the packages' index URLs, PyPI first if present.
func indexes(ps []packageWire) lock.Indexes {
	var all []string
	for _, p := range ps {
		if p.Index != "" && !slices.Contains(all, p.Index) {
			all = append(all, p.Index)
		}
	}
	slices.Sort(all)
	var ix lock.Indexes
	for i, u := range all {
		if strings.TrimSuffix(u, "/") == "https://pypi.org/simple" {
			ix.IndexURL = u
			all = slices.Delete(all, i, i+1)
			break
		}
	}
	if ix.IndexURL == "" && len(all) > 0 {
		ix.IndexURL, all = all[0], all[1:]
	}
	if len(all) > 0 {
		ix.ExtraIndexURLs = all
	}
	return ix
}
