package build

import (
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/pyko-dev/pyko/internal/atomicfile"
)

// Metadata is what --metadata-file writes.
type Metadata struct {
	Digest    string             `json:"digest"`
	MediaType string             `json:"mediaType"`
	Tags      []string           `json:"tags"`
	Platforms []PlatformMetadata `json:"platforms"`
	// Timings say where the build spent its time, in seconds; Downloads
	// what it fetched, for a CI step to graph or to check a cache works.
	Timings   TimingsMetadata   `json:"timings"`
	Downloads DownloadsMetadata `json:"downloads"`
}

// TimingsMetadata is how long each step took, in seconds: planning,
// executing the plan (fetching, installing, compiling, compressing), and
// everything from the start to the writing of the metadata file (the tags
// are pushed after it).
type TimingsMetadata struct {
	Plan    float64 `json:"planSeconds"`
	Execute float64 `json:"executeSeconds"`
	Total   float64 `json:"totalSeconds"`
}

// DownloadsMetadata counts the files fetched over the network (and their
// bytes) and those taken from pyko's download cache.
type DownloadsMetadata struct {
	Fetched   int   `json:"fetched"`
	Bytes     int64 `json:"bytes"`
	FromCache int   `json:"fromCache"`
}

// PlatformMetadata describes one platform's image.
type PlatformMetadata struct {
	Platform string `json:"platform"`
	Digest   string `json:"digest"`
	// Size is the sum of the compressed layers' sizes: what a pull of a
	// machine with none of them downloads.
	Size   int64           `json:"size"`
	Layers []LayerMetadata `json:"layers"`
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
	t := res.Timings
	m := &Metadata{Digest: res.Digest.String(), MediaType: string(mt), Tags: res.Tags,
		Timings:   TimingsMetadata{Plan: seconds(t.Plan), Execute: seconds(t.Execute), Total: seconds(time.Since(t.Start))},
		Downloads: DownloadsMetadata{Fetched: t.Fetched, Bytes: t.Bytes, FromCache: t.Cached}}
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
			pm.Size += l.Size
		}
		m.Platforms = append(m.Platforms, pm)
	}
	return m, nil
}

// seconds is d in seconds, to the millisecond.
func seconds(d time.Duration) float64 { return math.Round(d.Seconds()*1000) / 1000 }

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
