package publish

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// singleImage returns r if it is an image, or the image of an index that
// matches want (OS, architecture, and variant when want has one), logging
// the choice. sink names the output for the log line.
func singleImage(ctx context.Context, log *slog.Logger, r Result, want v1.Platform, sink string) (v1.Image, error) {
	img, ii, err := asImageOrIndex(r)
	if err != nil || img != nil {
		return img, err
	}
	im, err := ii.IndexManifest()
	if err != nil {
		return nil, fmt.Errorf("reading image index: %w", err)
	}
	var have []string
	for _, d := range im.Manifests {
		if d.Platform == nil || !d.MediaType.IsImage() {
			continue
		}
		have = append(have, platformString(*d.Platform))
		if d.Platform.OS == want.OS && d.Platform.Architecture == want.Architecture &&
			(want.Variant == "" || d.Platform.Variant == want.Variant) {
			log.InfoContext(ctx, sink+" holds one platform: taking it from the index",
				"platform", platformString(*d.Platform), "digest", d.Digest.String())
			return ii.Image(d.Digest)
		}
	}
	return nil, fmt.Errorf("selecting platform %s: the image index has only [%s]; choose one with --platform",
		platformString(want), strings.Join(have, ", "))
}

func platformString(p v1.Platform) string {
	s := p.OS + "/" + p.Architecture
	if p.Variant != "" {
		s += "/" + p.Variant
	}
	return s
}
