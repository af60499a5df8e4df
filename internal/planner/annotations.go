package planner

import (
	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/imageref"
)

// annotations are the org.opencontainers.image.* annotations of the
// manifest or index but "created", which the executor adds. Nothing here
// may depend on the machine or the checkout path, or the digest would
// too: a local base (oci:, archives) has no reference to name, so only
// its digest is recorded.
func (b *planner) annotations(baseName string, baseDigest v1.Hash) map[string]string {
	a := map[string]string{}
	if baseDigest.Hex != "" {
		a["org.opencontainers.image.base.digest"] = baseDigest.String()
	}
	if ref, err := imageref.Parse(baseName); baseName != "" && err == nil && !ref.IsLocal() {
		a["org.opencontainers.image.base.name"] = baseName
	}
	set := func(k, v string) {
		if v != "" {
			a["org.opencontainers.image."+k] = v
		}
	}
	set("title", b.proj.Name)
	set("version", b.proj.Version)
	if g := b.proj.Git; g != nil {
		set("revision", g.Revision)
		set("source", g.Source)
	}
	return a
}
