package executor

import (
	"io"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/python/pep508"
	"github.com/pyko-dev/pyko/internal/python/wheel"
)

// osPackageFacts is an installed OS package as an SBOM lists it, from
// its signed .PKGINFO; Depends names the installed packages that
// provide what it depends on.
type osPackageFacts struct {
	Name        string   `json:"name"`
	Version     string   `json:"version"`
	Arch        string   `json:"arch"`
	Origin      string   `json:"origin,omitempty"`
	License     string   `json:"license,omitempty"`
	URL         string   `json:"url,omitempty"`
	Description string   `json:"description,omitempty"`
	Checksum    string   `json:"checksum"`
	Depends     []string `json:"depends,omitempty"`
}

// osRelease is what /etc/os-release says: "wolfi", "Wolfi",
// "20230201".
type osRelease struct {
	ID        string `json:"id,omitempty"`
	Name      string `json:"name,omitempty"`
	VersionID string `json:"versionId,omitempty"`
}

// packageFacts lists the installed packages of t, each with the packages
// that provide its dependencies ("so:libc.so.6" is glibc).
func packageFacts(t *osTree) []osPackageFacts {
	provider := map[string]string{}
	for _, p := range t.installed {
		provider[p.Name] = p.Name
		for _, d := range p.Provides {
			if _, ok := provider[d.Name]; !ok {
				provider[d.Name] = p.Name
			}
		}
	}
	var out []osPackageFacts
	for _, p := range t.installed {
		out = append(out, osPackageFacts{Name: p.Name, Version: p.Version, Arch: p.Arch, Origin: p.Origin,
			License: p.License, URL: p.URL, Description: p.Description, Checksum: p.Checksum, Depends: depends(p, provider)})
	}
	return out
}

func depends(p *apk.Package, provider map[string]string) []string {
	var out []string
	for _, d := range p.Depends {
		if name, ok := provider[d.Name]; ok && !d.Conflict && name != p.Name {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// releaseOf reads /etc/os-release (or /usr/lib/os-release) of t.
func releaseOf(t *osTree) osRelease {
	for _, g := range t.tree.Entries() {
		for _, e := range g.Entries {
			if (e.Path == "etc/os-release" || e.Path == "usr/lib/os-release") && e.Mode.IsRegular() && e.Open != nil {
				r, err := e.Open()
				if err != nil {
					return osRelease{}
				}
				defer r.Close()
				b, _ := io.ReadAll(io.LimitReader(r, 64<<10))
				m := image.ParseOSRelease(b)
				return osRelease{ID: m["ID"], Name: m["NAME"], VersionID: m["VERSION_ID"]}
			}
		}
	}
	return osRelease{}
}

// wheelFacts is an installed Python distribution as an SBOM lists it,
// from its METADATA; Requires names (normalised) the distributions its
// Requires-Dist asks for on the target, with any of its extras.
type wheelFacts struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Version  string   `json:"version"`
	License  string   `json:"license,omitempty"`
	Summary  string   `json:"summary,omitempty"`
	HomePage string   `json:"homePage,omitempty"`
	Requires []string `json:"requires,omitempty"`
	// SHA256 is the installed wheel file's (a built wheel's is left out:
	// its source's checksum identifies it).
	SHA256 string `json:"sha256,omitempty"`
}

func factsOfWheel(id string, m wheel.Metadata, env pep508.Environment) wheelFacts {
	f := wheelFacts{ID: id, Name: m.Name, Version: m.Version, Summary: m.Summary, HomePage: homePage(m)}
	f.License = m.LicenseExpression
	if f.License == "" {
		f.License = m.License
	}
	for _, s := range m.RequiresDist {
		r, err := pep508.ParseRequirement(s)
		if err != nil || (r.Marker != nil && !r.Marker.Evaluate(env, m.ProvidesExtra)) {
			continue
		}
		f.Requires = append(f.Requires, pep503.Normalize(r.Name))
	}
	slices.Sort(f.Requires)
	f.Requires = slices.Compact(f.Requires)
	return f
}

// homePage is Home-page, else the Project-URL labelled as one.
func homePage(m wheel.Metadata) string {
	if m.HomePage != "" {
		return m.HomePage
	}
	for _, u := range m.ProjectURLs {
		label, link, ok := strings.Cut(u, ",")
		if ok && slices.Contains([]string{"homepage", "home", "source", "repository"}, strings.ToLower(strings.TrimSpace(label))) {
			return strings.TrimSpace(link)
		}
	}
	return ""
}
