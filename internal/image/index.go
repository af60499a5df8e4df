package image

import (
	"fmt"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// Platformed is one platform's finished image.
type Platformed struct {
	Platform v1.Platform
	Image    v1.Image
}

// Index returns an OCI image index over images, in the given order, with
// annotations on the index itself.
func Index(images []Platformed, annotations map[string]string) (v1.ImageIndex, error) {
	var adds []mutate.IndexAddendum
	for _, pi := range images {
		mt, err := pi.Image.MediaType()
		if err != nil {
			return nil, fmt.Errorf("reading %s image media type: %w", pi.Platform, err)
		}
		p := pi.Platform
		adds = append(adds, mutate.IndexAddendum{
			Add:        pi.Image,
			Descriptor: v1.Descriptor{MediaType: mt, Platform: &p},
		})
	}
	idx := mutate.IndexMediaType(empty.Index, types.OCIImageIndex)
	idx = mutate.AppendManifests(idx, adds...)
	if len(annotations) > 0 {
		idx = mutate.Annotations(idx, annotations).(v1.ImageIndex)
	}
	return idx, nil
}
