package build

import (
	"encoding/json"
	"fmt"

	"github.com/pyko-dev/pyko/internal/atomicfile"
)

// Metadata is what --metadata-file writes.
type Metadata struct {
	Digest    string             `json:"digest"`
	MediaType string             `json:"mediaType"`
	Tags      []string           `json:"tags"`
	Platforms []PlatformMetadata `json:"platforms"`
}

// PlatformMetadata describes one platform's image.
type PlatformMetadata struct {
	Platform string          `json:"platform"`
	Digest   string          `json:"digest"`
	Layers   []LayerMetadata `json:"layers"`
}

// LayerMetadata describes one layer.
type LayerMetadata struct {
	Digest    string `json:"digest"`
	DiffID    string `json:"diffID"`
	MediaType string `json:"mediaType"`
	Size      int64  `json:"size"`
}

func metadataOf(res *Result) (*Metadata, error) {
	mt, err := res.Artifact().MediaType()
	if err != nil {
		return nil, err
	}
	m := &Metadata{Digest: res.Digest.String(), MediaType: string(mt), Tags: res.Tags}
	if m.Tags == nil {
		m.Tags = []string{}
	}
	for _, p := range res.Platforms {
		d, err := p.Image.Digest()
		if err != nil {
			return nil, err
		}
		pm := PlatformMetadata{Platform: p.Platform.String(), Digest: d.String()}
		man, err := p.Image.Manifest()
		if err != nil {
			return nil, err
		}
		cf, err := p.Image.ConfigFile()
		if err != nil {
			return nil, err
		}
		for i, l := range man.Layers {
			lm := LayerMetadata{Digest: l.Digest.String(), MediaType: string(l.MediaType), Size: l.Size}
			if i < len(cf.RootFS.DiffIDs) {
				lm.DiffID = cf.RootFS.DiffIDs[i].String()
			}
			pm.Layers = append(pm.Layers, lm)
		}
		m.Platforms = append(m.Platforms, pm)
	}
	return m, nil
}

// writeMetadata writes the metadata file atomically, so that a reader
// never sees half a file.
func writeMetadata(path string, res *Result) error {
	m, err := metadataOf(res)
	if err != nil {
		return fmt.Errorf("describing the image for %s: %w", path, err)
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing metadata file %s: %w", path, err)
	}
	return nil
}
