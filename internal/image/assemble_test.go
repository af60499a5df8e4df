package image

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/partial"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/google/go-containerregistry/pkg/v1/types"
	"github.com/google/go-containerregistry/pkg/v1/validate"
)

func TestAssemble(t *testing.T) {
	base, err := random.Image(100, 2)
	if err != nil {
		t.Fatal(err)
	}
	add, err := random.Layer(50, types.OCILayer)
	if err != nil {
		t.Fatal(err)
	}
	baseCfg, _ := base.ConfigFile()
	cfg := configOf(baseCfg, Spec{User: "65532:65532", Created: time.Unix(1700000000, 0), Platform: v1.Platform{OS: "linux", Architecture: "amd64"}}, &Facts{})
	hist := v1.History{CreatedBy: "pyko: app", Comment: "pyko"}
	ann := map[string]string{"org.opencontainers.image.title": "hello"}
	img, err := Assemble(base, []Addition{{Layer: add, History: hist}}, cfg, ann)
	if err != nil {
		t.Fatal(err)
	}
	if err := validate.Image(img); err != nil {
		t.Fatalf("validate: %v", err)
	}
	m, err := img.Manifest()
	if err != nil {
		t.Fatal(err)
	}
	if m.MediaType != types.OCIManifestSchema1 || m.Config.MediaType != types.OCIConfigJSON {
		t.Errorf("media types %s, %s", m.MediaType, m.Config.MediaType)
	}
	if len(m.Layers) != 3 {
		t.Fatalf("%d layers", len(m.Layers))
	}
	for _, l := range m.Layers {
		if l.MediaType != types.OCILayer {
			t.Errorf("layer %s has media type %s", l.Digest, l.MediaType)
		}
	}
	if m.Annotations["org.opencontainers.image.title"] != "hello" {
		t.Errorf("annotations %v", m.Annotations)
	}
	cf, _ := img.ConfigFile()
	if got := cf.History[len(cf.History)-1]; got.CreatedBy != "pyko: app" {
		t.Errorf("last history %+v", got)
	}
	if len(cf.History) != len(baseCfg.History)+1 || len(cf.RootFS.DiffIDs) != 3 {
		t.Errorf("history %d, diff-ids %d", len(cf.History), len(cf.RootFS.DiffIDs))
	}

	idx, err := Index([]Platformed{{Platform: v1.Platform{OS: "linux", Architecture: "amd64"}, Image: img}}, ann)
	if err != nil {
		t.Fatal(err)
	}
	if err := validate.Index(idx); err != nil {
		t.Fatalf("validate index: %v", err)
	}
}

// TestAssembleReadsNoBaseLayer: the base layers' diff-ids come from the
// base's config; none is decompressed to compute one, and a base layer
// a registry can mount stays mountable.
func TestAssembleReadsNoBaseLayer(t *testing.T) {
	base, err := random.Image(100, 2)
	if err != nil {
		t.Fatal(err)
	}
	sealed := sealedLayers{Image: base}
	baseCfg, _ := base.ConfigFile()
	cfg := configOf(baseCfg, Spec{User: "65532:65532", Platform: v1.Platform{OS: "linux", Architecture: "amd64"}}, &Facts{})
	img, err := Assemble(sealed, nil, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	m, err := img.Manifest()
	if err != nil {
		t.Fatalf("manifest: %v", err)
	}
	cf, _ := img.ConfigFile()
	for i, d := range baseCfg.RootFS.DiffIDs {
		if cf.RootFS.DiffIDs[i] != d {
			t.Errorf("diff-id %d: %s, want %s", i, cf.RootFS.DiffIDs[i], d)
		}
	}
	if len(m.Layers) != 2 {
		t.Errorf("%d layers", len(m.Layers))
	}
	l := withDiffID(&remote.MountableLayer{Layer: static.NewLayer([]byte("x"), types.OCILayer)}, v1.Hash{Algorithm: "sha256", Hex: strings.Repeat("a", 64)})
	if _, ok := l.(*remote.MountableLayer); !ok {
		t.Errorf("a mountable layer became %T", l)
	}
}

// sealedLayers is an image whose layers fail when asked for their
// uncompressed bytes or their diff-id.
type sealedLayers struct{ v1.Image }

func (s sealedLayers) Layers() ([]v1.Layer, error) {
	ls, err := s.Image.Layers()
	out := make([]v1.Layer, len(ls))
	for i, l := range ls {
		out[i] = sealedLayer{l}
	}
	return out, err
}

type sealedLayer struct{ v1.Layer }

func (sealedLayer) Uncompressed() (io.ReadCloser, error) {
	return nil, errors.New("a base layer was read")
}
func (sealedLayer) DiffID() (v1.Hash, error) {
	return v1.Hash{}, errors.New("a base layer's diff-id was computed")
}

// TestAssembleKeepsBaseLayerDescriptors: what the base's manifest says of
// a layer (an annotation here) is in the assembled manifest too.
func TestAssembleKeepsBaseLayerDescriptors(t *testing.T) {
	rl, err := random.Layer(100, types.OCILayer)
	if err != nil {
		t.Fatal(err)
	}
	base, err := mutate.AppendLayers(mutate.MediaType(empty.Image, types.OCIManifestSchema1), rl)
	if err != nil {
		t.Fatal(err)
	}
	ls, _ := base.Layers()
	ann := map[string]string{"org.example.layer": "kept"}
	annotated := describedImage{Image: base, layer: describedLayer{Layer: ls[0], ann: ann}}
	baseCfg, _ := base.ConfigFile()
	cfg := configOf(baseCfg, Spec{User: "65532:65532", Platform: v1.Platform{OS: "linux", Architecture: "amd64"}}, &Facts{})
	img, err := Assemble(annotated, nil, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	m, err := img.Manifest()
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Layers[0].Annotations["org.example.layer"]; got != "kept" {
		t.Errorf("the base layer's annotations: %v", m.Layers[0].Annotations)
	}
}

type describedImage struct {
	v1.Image
	layer v1.Layer
}

func (d describedImage) Layers() ([]v1.Layer, error) { return []v1.Layer{d.layer}, nil }

type describedLayer struct {
	v1.Layer
	ann map[string]string
}

func (l describedLayer) Descriptor() (*v1.Descriptor, error) {
	d, err := partial.Descriptor(l.Layer)
	if err != nil {
		return nil, err
	}
	d.Annotations = l.ann
	return d, nil
}
