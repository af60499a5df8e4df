package image

import (
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/partial"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// withDiffID gives l the diff-id d its image's config records, so that
// assembling an image on a base does not decompress every base layer to
// compute one (mutate asks each layer for it). The config is checked
// against its digest, which the manifest names; and the output's config
// copies the base's diff-ids anyway. A layer that a registry can mount
// stays mountable.
func withDiffID(l v1.Layer, d v1.Hash) v1.Layer {
	if ml, ok := l.(*remote.MountableLayer); ok {
		return &remote.MountableLayer{Layer: &diffIDLayer{Layer: ml.Layer, diffID: d}, Reference: ml.Reference}
	}
	return &diffIDLayer{Layer: l, diffID: d}
}

type diffIDLayer struct {
	v1.Layer
	diffID v1.Hash
}

func (l *diffIDLayer) DiffID() (v1.Hash, error) { return l.diffID, nil }

// Descriptor is the base layer's own, so that what its manifest says of
// it (annotations, URLs) is kept, as it was before the diff-id was given.
func (l *diffIDLayer) Descriptor() (*v1.Descriptor, error) { return partial.Descriptor(l.Layer) }
