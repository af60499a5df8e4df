// Package referrer makes OCI 1.1 artifacts that refer to an image
// manifest (https://github.com/opencontainers/image-spec/blob/v1.1.0/manifest.md#guidelines-for-artifact-usage):
// an image manifest whose artifactType names what it holds (an SPDX
// SBOM, an in-toto attestation), whose config is the empty descriptor,
// whose one layer is the content, and whose subject is the image it is
// about. Registries list such manifests by the subject's digest (the
// referrers API, or the tag schema that go-containerregistry maintains
// for registries without it).
package referrer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/partial"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// EmptyMediaType is the OCI empty descriptor's media type; its content
// is "{}".
const EmptyMediaType types.MediaType = "application/vnd.oci.empty.v1+json"

var emptyJSON = []byte("{}")

// Artifact is content to attach to an image.
type Artifact struct {
	// Type is the artifact type and the content's media type
	// ("application/spdx+json").
	Type string
	Data []byte
	// Annotations go on the artifact's manifest (its creation time, the
	// platform it describes).
	Annotations map[string]string
}

// Manifest is an artifact's manifest, made for one subject.
type Manifest struct {
	Raw  []byte
	Desc v1.Descriptor
	// Blobs are the config ("{}") and the content, to upload first.
	Blobs []v1.Layer
}

// RawManifest and MediaType make a Manifest something go-containerregistry
// can put (remote.Taggable).
func (m *Manifest) RawManifest() ([]byte, error)        { return m.Raw, nil }
func (m *Manifest) MediaType() (types.MediaType, error) { return m.Desc.MediaType, nil }

// For returns a's manifest referring to subject. The same artifact and
// subject give the same bytes.
func For(a Artifact, subject v1.Descriptor) (*Manifest, error) {
	if a.Type == "" || len(a.Data) == 0 {
		return nil, fmt.Errorf("referrer: an artifact needs a type and content")
	}
	content := static.NewLayer(a.Data, types.MediaType(a.Type))
	config := static.NewLayer(emptyJSON, EmptyMediaType)
	cd, err := descriptor(config, EmptyMediaType)
	if err != nil {
		return nil, err
	}
	cd.Data = emptyJSON
	ld, err := descriptor(content, types.MediaType(a.Type))
	if err != nil {
		return nil, err
	}
	sub := v1.Descriptor{MediaType: subject.MediaType, Digest: subject.Digest, Size: subject.Size}
	m := v1.Manifest{SchemaVersion: 2, MediaType: types.OCIManifestSchema1, ArtifactType: a.Type,
		Config: cd, Layers: []v1.Descriptor{ld}, Subject: &sub, Annotations: maps.Clone(a.Annotations)}
	raw, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	h, size, err := v1.SHA256(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	return &Manifest{Raw: raw, Desc: v1.Descriptor{MediaType: types.OCIManifestSchema1, ArtifactType: a.Type, Digest: h, Size: size},
		Blobs: []v1.Layer{config, content}}, nil
}

// descriptor is l's descriptor with media type mt.
func descriptor(l v1.Layer, mt types.MediaType) (v1.Descriptor, error) {
	d, err := partial.Descriptor(l)
	if err != nil {
		return v1.Descriptor{}, err
	}
	d.MediaType = mt
	return *d, nil
}
