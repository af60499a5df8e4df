package build

import (
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// annotations are the org.opencontainers.image.* annotations of the
// manifest or index. Nothing here may depend on the machine or the
// checkout path, or the digest would too: a local base (oci:, archives)
// has no reference to name, so only its digest is recorded.
func (b *builder) annotations(baseName string, baseDigest v1.Hash) map[string]string {
	a := map[string]string{
		"org.opencontainers.image.created": b.created().UTC().Format(time.RFC3339),
	}
	if baseDigest.Hex != "" {
		a["org.opencontainers.image.base.digest"] = baseDigest.String()
	}
	if baseName != "" && !isLocalBase(baseName) {
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

// created is the image's creation time: SOURCE_DATE_EPOCH, else the newest
// build date of its OS packages, else the Unix epoch. Never the clock.
func (b *builder) created() time.Time {
	if b.o.Created.IsZero() && !b.newestPackage.IsZero() {
		return b.newestPackage
	}
	return b.fileTime()
}

// fileTime is the modification time of the files pyko writes (the app,
// the accounts): SOURCE_DATE_EPOCH, else the Unix epoch. It does not follow
// the OS packages, so that an OS update leaves the app layer unchanged.
func (b *builder) fileTime() time.Time {
	if b.o.Created.IsZero() {
		return time.Unix(0, 0).UTC()
	}
	return b.o.Created
}

func isLocalBase(name string) bool {
	for _, p := range []string{"oci:", "oci-archive:", "docker-archive:"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}
