package e2e

import (
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
)

// These helpers read what pyko wrote straight from the OCI layout with
// go-containerregistry, so that checks of the image's files need neither
// root nor umoci: the layers are read as the tars they are.

// refNameAnnotation tags a manifest in an OCI layout's index.json.
const refNameAnnotation = "org.opencontainers.image.ref.name"

// ociImages returns the digest of the manifest or index tagged tag in the
// OCI layout dir, and its images by platform ("linux/amd64").
func ociImages(t *testing.T, dir, tag string) (string, map[string]v1.Image) {
	t.Helper()
	p, err := layout.FromPath(dir)
	if err != nil {
		t.Fatalf("reading OCI layout %s: %v", dir, err)
	}
	idx, err := p.ImageIndex()
	if err != nil {
		t.Fatalf("reading %s/index.json: %v", dir, err)
	}
	im, err := idx.IndexManifest()
	if err != nil {
		t.Fatalf("reading %s/index.json: %v", dir, err)
	}
	for _, d := range im.Manifests {
		if d.Annotations[refNameAnnotation] != tag {
			continue
		}
		imgs := map[string]v1.Image{}
		if d.MediaType.IsIndex() {
			child, err := idx.ImageIndex(d.Digest)
			if err != nil {
				t.Fatalf("reading index %s of %s: %v", d.Digest, dir, err)
			}
			cm, err := child.IndexManifest()
			if err != nil {
				t.Fatalf("reading index %s of %s: %v", d.Digest, dir, err)
			}
			for _, c := range cm.Manifests {
				if c.Platform == nil {
					t.Fatalf("index %s of %s: manifest %s has no platform", d.Digest, dir, c.Digest)
				}
				img, err := child.Image(c.Digest)
				if err != nil {
					t.Fatalf("reading image %s of %s: %v", c.Digest, dir, err)
				}
				imgs[c.Platform.OS+"/"+c.Platform.Architecture] = img
			}
			return d.Digest.String(), imgs
		}
		img, err := idx.Image(d.Digest)
		if err != nil {
			t.Fatalf("reading image %s of %s: %v", d.Digest, dir, err)
		}
		cfg, err := img.ConfigFile()
		if err != nil {
			t.Fatalf("reading the config of %s in %s: %v", d.Digest, dir, err)
		}
		imgs[cfg.OS+"/"+cfg.Architecture] = img
		return d.Digest.String(), imgs
	}
	t.Fatalf("OCI layout %s has no manifest tagged %q", dir, tag)
	return "", nil
}

// ociImage returns the single-platform image tagged tag in dir.
func ociImage(t *testing.T, dir, tag string) v1.Image {
	t.Helper()
	_, imgs := ociImages(t, dir, tag)
	if len(imgs) != 1 {
		t.Fatalf("%s:%s holds %d images, want 1", dir, tag, len(imgs))
	}
	for _, img := range imgs {
		return img
	}
	return nil
}
