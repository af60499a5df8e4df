package pylock

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/tomlwrite"
)

// Lock is a lock to write: the packages of one resolution per target,
// merged (see Write).
type Lock struct {
	// CreatedBy names the tool ("pyko").
	CreatedBy string
	// RequiresPython and Environments bound where the lock installs: one
	// marker per target it was resolved for.
	RequiresPython string
	Environments   []string
	Packages       []Package
	// Pyko is written as [tool.pyko] when set.
	Pyko PykoInputs
}

// Package is one [[packages]] entry.
type Package struct {
	Name, Version string
	// Marker limits the entry to some targets; empty for all.
	Marker string
	// Index is the index the package comes from; empty if unknown.
	Index  string
	Wheels []Wheel
}

// Wheel is one file of a package entry.
type Wheel struct {
	Name, URL string
	Size      int64
	// Hashes by algorithm ("sha256").
	Hashes map[string]string
}

// Write writes l as a PEP 751 pylock.toml, by hand so that the bytes are
// stable: keys in the specification's order, packages sorted by name then
// marker, wheels by name, hashes by algorithm.
func Write(w io.Writer, l Lock) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "lock-version = %s\n", tomlwrite.String("1.0"))
	if len(l.Environments) > 0 {
		fmt.Fprintf(bw, "environments = %s\n", tomlwrite.Array(l.Environments))
	}
	if l.RequiresPython != "" {
		fmt.Fprintf(bw, "requires-python = %s\n", tomlwrite.String(l.RequiresPython))
	}
	fmt.Fprintf(bw, "created-by = %s\n", tomlwrite.String(l.CreatedBy))
	pkgs := slices.Clone(l.Packages)
	slices.SortFunc(pkgs, func(a, b Package) int {
		return strings.Compare(a.Name+"\x00"+a.Marker, b.Name+"\x00"+b.Marker)
	})
	for _, p := range pkgs {
		fmt.Fprintf(bw, "\n[[packages]]\nname = %s\nversion = %s\n", tomlwrite.String(p.Name), tomlwrite.String(p.Version))
		if p.Marker != "" {
			fmt.Fprintf(bw, "marker = %s\n", tomlwrite.String(p.Marker))
		}
		if p.Index != "" {
			fmt.Fprintf(bw, "index = %s\n", tomlwrite.String(p.Index))
		}
		ws := slices.Clone(p.Wheels)
		slices.SortFunc(ws, func(a, b Wheel) int { return strings.Compare(a.Name, b.Name) })
		bw.WriteString("wheels = [\n")
		for _, wh := range ws {
			fmt.Fprintf(bw, "  { name = %s, url = %s", tomlwrite.String(wh.Name), tomlwrite.String(wh.URL))
			if wh.Size > 0 {
				fmt.Fprintf(bw, ", size = %d", wh.Size)
			}
			algs := make([]string, 0, len(wh.Hashes))
			for a := range wh.Hashes {
				algs = append(algs, a)
			}
			slices.Sort(algs)
			var hs []string
			for _, a := range algs {
				hs = append(hs, a+" = "+tomlwrite.String(wh.Hashes[a]))
			}
			fmt.Fprintf(bw, ", hashes = { %s } },\n", strings.Join(hs, ", "))
		}
		bw.WriteString("]\n")
	}
	if l.Pyko.From != "" {
		fmt.Fprintf(bw, "\n[tool.pyko]\nfrom = %s\ninputs = %s\n", tomlwrite.String(l.Pyko.From), tomlwrite.String(l.Pyko.Inputs))
	}
	return bw.Flush()
}
