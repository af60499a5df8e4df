package planner

import (
	"maps"
	"slices"
	"strings"
	"unicode"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/sbom"
)

// annotations are the org.opencontainers.image.* annotations of the
// manifest or index but "created", which the executor adds. Nothing here
// may depend on the machine or the checkout path, or the digest would
// too: a local base (oci:, archives) is named only by the registry image
// it says it is a copy of (see image.Base.Origin), never by its path.
func (b *planner) annotations(baseName string, baseDigest v1.Hash) map[string]string {
	a := map[string]string{}
	if baseDigest.Hex != "" {
		a["org.opencontainers.image.base.digest"] = baseDigest.String()
	}
	if baseName != "" {
		a["org.opencontainers.image.base.name"] = baseName
	}
	set := func(k, v string) {
		if v != "" {
			a["org.opencontainers.image."+k] = v
		}
	}
	set("title", b.proj.Name)
	set("version", b.proj.Version)
	set("description", firstLine(b.proj.Description))
	if expr, ok := sbom.Expression(b.proj.License); ok {
		set("licenses", expr)
	}
	set("url", projectURL(b.proj.URLs, "homepage", "home", "home-page", "website"))
	set("documentation", projectURL(b.proj.URLs, "documentation", "docs"))
	set("source", projectURL(b.proj.URLs, "source", "repository", "source code", "code"))
	if g := b.proj.Git; g != nil {
		set("revision", g.Revision)
		set("source", g.Source)
	}
	maps.Copy(a, b.o.Annotations)
	// A --label of an org.opencontainers.image.* key says the same of
	// the image as the annotation would: it wins there too.
	for k, v := range b.o.Labels {
		if strings.HasPrefix(k, "org.opencontainers.image.") {
			a[k] = v
		}
	}
	return a
}

// projectURL is the [project.urls] entry with one of the labels, compared
// as PEP 753 normalises them (case, punctuation and spaces aside).
func projectURL(urls map[string]string, labels ...string) string {
	norm := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r == '-' || r == '_' || r == '.' || r == ' ' {
				return -1
			}
			return unicode.ToLower(r)
		}, s)
	}
	for _, want := range labels {
		for _, k := range slices.Sorted(maps.Keys(urls)) {
			if norm(k) == norm(want) {
				return urls[k]
			}
		}
	}
	return ""
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

// labels are the config labels: the manifest's org.opencontainers.image.*
// annotations too (Renovate and dashboards read labels, and a base's own
// labels must not contradict the image's annotations), then --label.
func (b *planner) labels(annotations map[string]string) map[string]string {
	l := map[string]string{}
	for k, v := range annotations {
		if strings.HasPrefix(k, "org.opencontainers.image.") {
			l[k] = v
		}
	}
	maps.Copy(l, b.o.Labels)
	if len(l) == 0 {
		return nil
	}
	return l
}
