// Package osv matches packages against an offline copy of OSV advisories
// (https://ossf.github.io/osv-schema/): a directory of OSV JSON files, as
// osv.dev's per-ecosystem exports unpack. Versions are compared as each
// ecosystem orders them: PEP 440 for PyPI, apk's for Wolfi, Chainguard
// and Alpine, dpkg's for Debian and Ubuntu.
package osv

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	apkversion "github.com/pyko-dev/pyko/internal/apk/version"
	"github.com/pyko-dev/pyko/internal/debversion"
	"github.com/pyko-dev/pyko/internal/python/pep440"
	"github.com/pyko-dev/pyko/internal/python/pep503"
)

// Vuln is an OSV advisory, the fields matching needs.
type Vuln struct {
	ID               string           `json:"id"`
	Aliases          []string         `json:"aliases"`
	Summary          string           `json:"summary"`
	Affected         []Affected       `json:"affected"`
	DatabaseSpecific DatabaseSpecific `json:"database_specific"`
}

// DatabaseSpecific is what the advisory's database adds: GitHub's and
// others' severity rating.
type DatabaseSpecific struct {
	Severity string `json:"severity"`
}

// Affected is a package an advisory names, with its affected versions.
type Affected struct {
	Package struct {
		Ecosystem string `json:"ecosystem"`
		Name      string `json:"name"`
	} `json:"package"`
	Ranges   []Range  `json:"ranges"`
	Versions []string `json:"versions"`
}

// Range is a version range of one type (pyko reads ECOSYSTEM ranges).
type Range struct {
	Type   string  `json:"type"`
	Events []Event `json:"events"`
}

// Event opens or closes a range.
type Event struct {
	Introduced   string `json:"introduced,omitempty"`
	Fixed        string `json:"fixed,omitempty"`
	LastAffected string `json:"last_affected,omitempty"`
}

// Package is an installed package: its ecosystem as pyko names it
// ("apk", "deb", "pypi"), name and version.
type Package struct {
	Type, Name, Version string
}

// Finding is a package affected by an advisory.
type Finding struct {
	Package Package
	Vuln    *Vuln
	// Fixed is the first fixed version the advisory gives, if any.
	Fixed string
}

// Load reads every *.json file under dir: one advisory, or an array.
func Load(dir string) ([]*Vuln, error) {
	var out []*Vuln
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var many []*Vuln
		if err := json.Unmarshal(data, &many); err == nil {
			out = append(out, many...)
			return nil
		}
		var one Vuln
		if err := json.Unmarshal(data, &one); err != nil {
			return fmt.Errorf("%s is not OSV JSON: %w", p, err)
		}
		out = append(out, &one)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the OSV advisories in %s: %w", dir, err)
	}
	return out, nil
}

// ecosystems are the OSV ecosystems of a package type.
var ecosystems = map[string][]string{
	"pypi": {"PyPI"},
	"apk":  {"Wolfi", "Chainguard", "Alpine"},
	"deb":  {"Debian", "Ubuntu"},
}

// Match returns the advisories that affect pkgs, by package order.
func Match(vulns []*Vuln, pkgs []Package) []Finding {
	var out []Finding
	for _, p := range pkgs {
		for _, v := range vulns {
			if fixed, ok := affects(v, p); ok {
				out = append(out, Finding{Package: p, Vuln: v, Fixed: fixed})
			}
		}
	}
	return out
}

func affects(v *Vuln, p Package) (string, bool) {
	cmp := compareFor(p.Type)
	if cmp == nil {
		return "", false
	}
	for _, a := range v.Affected {
		eco, _, _ := strings.Cut(a.Package.Ecosystem, ":")
		if !slices.Contains(ecosystems[p.Type], eco) || !sameName(p.Type, a.Package.Name, p.Name) {
			continue
		}
		if slices.Contains(a.Versions, p.Version) {
			return "", true
		}
		for _, r := range a.Ranges {
			if r.Type != "ECOSYSTEM" {
				continue
			}
			affected, fixed := evaluate(r.Events, p.Version, cmp)
			if affected {
				return fixed, true
			}
		}
	}
	return "", false
}

// event is one range event: its version and kind.
type event struct {
	version string
	kind    byte // 'i'ntroduced, 'f'ixed, 'l'ast affected
}

// evaluate walks a range's events in version order, as the OSV schema
// says: affected from an introduced version, up to a fixed one or
// through a last affected one.
func evaluate(events []Event, version string, cmp func(a, b string) int) (affected bool, fixed string) {
	var evs []event
	for _, e := range events {
		switch {
		case e.Introduced != "":
			evs = append(evs, event{e.Introduced, 'i'})
		case e.Fixed != "":
			evs = append(evs, event{e.Fixed, 'f'})
			if fixed == "" {
				fixed = e.Fixed
			}
		case e.LastAffected != "":
			evs = append(evs, event{e.LastAffected, 'l'})
		}
	}
	order := func(a, b event) int {
		switch {
		case a.version == "0" && b.version != "0":
			return -1
		case b.version == "0" && a.version != "0":
			return 1
		}
		return cmp(a.version, b.version)
	}
	slices.SortStableFunc(evs, order)
	for _, e := range evs {
		c := 0
		if e.version != "0" {
			c = cmp(version, e.version)
		}
		switch {
		case e.kind == 'i' && (e.version == "0" || c >= 0):
			affected = true
		case e.kind == 'f' && c >= 0:
			affected = false
		case e.kind == 'l' && c > 0:
			affected = false
		}
	}
	return affected, fixed
}

func sameName(typ, a, b string) bool {
	if typ == "pypi" {
		return pep503.Normalize(a) == pep503.Normalize(b)
	}
	return a == b
}

// compareFor is the version order of a package type; versions that do
// not parse compare as strings.
func compareFor(typ string) func(a, b string) int {
	switch typ {
	case "pypi":
		return func(a, b string) int {
			va, ea := pep440.Parse(a)
			vb, eb := pep440.Parse(b)
			if ea != nil || eb != nil {
				return strings.Compare(a, b)
			}
			return pep440.Compare(va, vb)
		}
	case "apk":
		return apkversion.Compare
	case "deb":
		return debversion.Compare
	}
	return nil
}
