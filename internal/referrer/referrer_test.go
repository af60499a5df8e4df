package referrer

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

func TestFor(t *testing.T) {
	subject := v1.Descriptor{MediaType: types.OCIManifestSchema1, Size: 1234, Annotations: map[string]string{"x": "y"},
		Digest: v1.Hash{Algorithm: "sha256", Hex: strings.Repeat("a", 64)}}
	a := Artifact{Type: "application/spdx+json", Data: []byte(`{"spdxVersion":"SPDX-2.3"}`), Annotations: map[string]string{"dev.pyko.platform": "linux/amd64"}}
	m, err := For(a, subject)
	if err != nil {
		t.Fatal(err)
	}
	var got v1.Manifest
	if err := json.Unmarshal(m.Raw, &got); err != nil {
		t.Fatal(err)
	}
	if got.MediaType != types.OCIManifestSchema1 || got.ArtifactType != a.Type || got.Subject == nil ||
		got.Subject.Digest != subject.Digest || got.Subject.Size != 1234 || got.Subject.Annotations != nil {
		t.Errorf("manifest %s", m.Raw)
	}
	if got.Config.MediaType != EmptyMediaType || got.Config.Size != 2 || string(got.Config.Data) != "{}" ||
		got.Config.Digest.Hex != "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a" {
		t.Errorf("config %+v: want the empty descriptor", got.Config)
	}
	if len(got.Layers) != 1 || got.Layers[0].MediaType != types.MediaType(a.Type) || got.Layers[0].Size != int64(len(a.Data)) {
		t.Errorf("layers %+v", got.Layers)
	}
	if h, _, _ := v1.SHA256(bytes.NewReader(m.Raw)); h != m.Desc.Digest || m.Desc.ArtifactType != a.Type {
		t.Errorf("descriptor %+v, manifest digest %s", m.Desc, h)
	}
	if len(m.Blobs) != 2 {
		t.Fatalf("%d blobs", len(m.Blobs))
	}
	again, _ := For(a, subject)
	if !bytes.Equal(again.Raw, m.Raw) {
		t.Error("the same artifact and subject give other bytes")
	}
	if _, err := For(Artifact{Type: "x"}, subject); err == nil {
		t.Error("an artifact without content was accepted")
	}
}
