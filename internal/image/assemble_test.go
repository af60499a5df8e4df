package image

import (
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/random"
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
