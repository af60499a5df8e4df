package image

import (
	"fmt"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// Addition is a layer pyko adds, with the history line that explains it.
type Addition struct {
	Layer   v1.Layer
	History v1.History
}

// Assemble returns base with adds appended, cfg as its config (cfg's
// RootFS and History are completed here) and annotations on its manifest.
//
// The result always has OCI media types; a Docker-typed base's layers are
// renamed (see asOCI).
func Assemble(base v1.Image, adds []Addition, cfg *v1.ConfigFile, annotations map[string]string) (v1.Image, error) {
	baseLayers, err := base.Layers()
	if err != nil {
		return nil, fmt.Errorf("listing base layers: %w", err)
	}
	baseCfg, err := base.ConfigFile()
	if err != nil {
		return nil, fmt.Errorf("reading base config: %w", err)
	}
	img := mutate.ConfigMediaType(mutate.MediaType(empty.Image, types.OCIManifestSchema1), types.OCIConfigJSON)
	var all []mutate.Addendum
	for i, l := range baseLayers {
		if len(baseCfg.RootFS.DiffIDs) == len(baseLayers) {
			l = withDiffID(l, baseCfg.RootFS.DiffIDs[i])
		}
		all = append(all, mutate.Addendum{Layer: l})
	}
	for _, a := range adds {
		all = append(all, mutate.Addendum{Layer: a.Layer})
	}
	for i := range all {
		if all[i].Layer, err = asOCI(all[i].Layer); err != nil {
			return nil, fmt.Errorf("reading layer media type: %w", err)
		}
	}
	if img, err = mutate.Append(img, all...); err != nil {
		return nil, fmt.Errorf("appending layers: %w", err)
	}
	final := cfg.DeepCopy()
	final.RootFS = v1.RootFS{Type: "layers", DiffIDs: append([]v1.Hash(nil), baseCfg.RootFS.DiffIDs...)}
	final.History = append([]v1.History(nil), baseCfg.History...)
	for _, a := range adds {
		d, err := a.Layer.DiffID()
		if err != nil {
			return nil, fmt.Errorf("reading layer diff-id: %w", err)
		}
		final.RootFS.DiffIDs = append(final.RootFS.DiffIDs, d)
		final.History = append(final.History, a.History)
	}
	if img, err = mutate.ConfigFile(img, final); err != nil {
		return nil, fmt.Errorf("setting config: %w", err)
	}
	if len(annotations) > 0 {
		img = mutate.Annotations(img, annotations).(v1.Image)
	}
	return img, nil
}
