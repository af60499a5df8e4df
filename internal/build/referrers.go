package build

import (
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/partial"

	"github.com/pyko-dev/pyko/internal/provenance"
	"github.com/pyko-dev/pyko/internal/publish"
	"github.com/pyko-dev/pyko/internal/referrer"
)

// referrers are what is attached to the pushed image: the provenance
// and each platform's SBOMs, referring to the image manifest and, for a
// multi-platform image, to the index and each platform's manifest, so
// that they are found from the tag as from a platform's digest.
func (r *Result) referrers() ([]publish.Referrer, error) {
	var index *v1.Descriptor
	if r.Index != nil {
		d, err := descriptorOf(r.Index)
		if err != nil {
			return nil, err
		}
		index = &d
	}
	var out []publish.Referrer
	if r.Provenance != nil {
		b, err := r.Provenance.Encode()
		if err != nil {
			return nil, err
		}
		top, err := descriptorOf(r.Artifact())
		if err != nil {
			return nil, err
		}
		a := referrer.Artifact{Type: provenance.MediaType, Data: b, Annotations: map[string]string{"in-toto.io/predicate-type": provenance.PredicateType}}
		out = append(out, publish.Referrer{Subject: top, Artifact: a})
		if r.Index != nil {
			for _, p := range r.Platforms {
				d, err := descriptorOf(p.Image)
				if err != nil {
					return nil, err
				}
				out = append(out, publish.Referrer{Subject: d, Artifact: a})
			}
		}
	}
	for _, p := range r.Platforms {
		sboms := r.SBOMs[p.Platform.String()]
		if len(sboms) == 0 {
			continue
		}
		d, err := descriptorOf(p.Image)
		if err != nil {
			return nil, err
		}
		m, err := p.Image.Manifest()
		if err != nil {
			return nil, err
		}
		for _, s := range sboms {
			a := referrer.Artifact{Type: s.MediaType, Data: s.Data, Annotations: map[string]string{
				"org.opencontainers.image.created": m.Annotations["org.opencontainers.image.created"],
				"dev.pyko.platform":                p.Platform.String(),
				"dev.pyko.sbom.path":               "/" + s.Path,
			}}
			out = append(out, publish.Referrer{Subject: d, Artifact: a})
			if index != nil {
				out = append(out, publish.Referrer{Subject: *index, Artifact: a})
			}
		}
	}
	return out, nil
}

// descriptorOf is the descriptor of an image or an index.
func descriptorOf(m partial.Describable) (v1.Descriptor, error) {
	d, err := partial.Descriptor(m)
	if err != nil {
		return v1.Descriptor{}, err
	}
	return *d, nil
}
