package image

import (
	"errors"
	"fmt"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// PlatformImage is one platform's image of a base.
type PlatformImage struct {
	Platform v1.Platform
	Image    v1.Image
	Digest   v1.Hash
	// Packed is the base's: see Base.Packed and Readable.
	Packed bool
}

// ParsePlatforms parses a comma-separated list such as
// "linux/amd64,linux/arm64/v8".
func ParsePlatforms(values []string) ([]v1.Platform, error) {
	var out []v1.Platform
	for _, v := range values {
		for _, s := range strings.Split(v, ",") {
			s = strings.TrimSpace(s)
			if s == "" {
				continue
			}
			p, err := v1.ParsePlatform(s)
			if err != nil || p.OS == "" || p.Architecture == "" {
				return nil, fmt.Errorf("platform %q: use OS/ARCH[/VARIANT], such as linux/amd64 or linux/arm64", s)
			}
			out = append(out, *p)
		}
	}
	return out, nil
}

// Platforms returns the base's images for the wanted platforms, or for
// every platform it has when wanted is empty. Entries of an index that are
// not runnable images (attestations, "unknown/unknown") are skipped.
func (b *Base) Platforms(wanted []v1.Platform) ([]PlatformImage, error) {
	have, err := b.all()
	if err != nil {
		return nil, fmt.Errorf("reading base image %s: %w", b.Name, err)
	}
	if len(wanted) == 0 {
		return have, nil
	}
	var out []PlatformImage
	for _, w := range wanted {
		pi, ok := match(have, w)
		if !ok {
			return nil, fmt.Errorf("base image %s has no %s image (it has %s): choose a --platform it has or another base", b.Name, w, platformList(have))
		}
		out = append(out, pi)
	}
	return out, nil
}

func (b *Base) all() ([]PlatformImage, error) {
	if b.Image != nil {
		cf, err := b.Image.ConfigFile()
		if err != nil {
			return nil, err
		}
		p := cf.Platform()
		if p == nil {
			p = &v1.Platform{OS: "linux", Architecture: "amd64"}
		}
		return []PlatformImage{{Platform: *p, Image: b.Image, Digest: b.Digest, Packed: b.Packed}}, nil
	}
	im, err := b.Index.IndexManifest()
	if err != nil {
		return nil, err
	}
	var out []PlatformImage
	for _, d := range im.Manifests {
		if d.Platform == nil || d.Platform.OS == "unknown" || !d.MediaType.IsImage() {
			continue
		}
		img, err := b.Index.Image(d.Digest)
		if err != nil {
			return nil, err
		}
		out = append(out, PlatformImage{Platform: *d.Platform, Image: img, Digest: d.Digest, Packed: b.Packed})
	}
	if len(out) == 0 {
		return nil, errors.New("the index lists no image with a platform")
	}
	return out, nil
}

// match finds w in have; a wanted platform without a variant matches any
// variant, as docker pull does.
func match(have []PlatformImage, w v1.Platform) (PlatformImage, bool) {
	for _, h := range have {
		if h.Platform.OS == w.OS && h.Platform.Architecture == w.Architecture &&
			(w.Variant == "" || h.Platform.Variant == w.Variant) {
			return h, true
		}
	}
	return PlatformImage{}, false
}

func platformList(ps []PlatformImage) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.Platform.String())
	}
	return strings.Join(s, ", ")
}
