package image

import (
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// asOCI returns l with its media type named in OCI terms. The bytes and
// digests are the same; only the name differs between Docker and OCI. A
// registry layer stays mountable, so that a push to another repository of
// the same registry mounts it instead of uploading it again.
func asOCI(l v1.Layer) (v1.Layer, error) {
	mt, err := l.MediaType()
	if err != nil {
		return nil, err
	}
	oci := ociLayerType(mt)
	if oci == mt {
		return l, nil
	}
	if ml, ok := l.(*remote.MountableLayer); ok {
		return &remote.MountableLayer{Layer: &typedLayer{Layer: ml.Layer, mt: oci}, Reference: ml.Reference}, nil
	}
	return &typedLayer{Layer: l, mt: oci}, nil
}

func ociLayerType(mt types.MediaType) types.MediaType {
	switch mt {
	case types.DockerLayer:
		return types.OCILayer
	case types.DockerUncompressedLayer:
		return types.OCIUncompressedLayer
	case types.DockerForeignLayer:
		return types.OCIRestrictedLayer
	}
	return mt
}

type typedLayer struct {
	v1.Layer
	mt types.MediaType
}

func (l *typedLayer) MediaType() (types.MediaType, error) { return l.mt, nil }
