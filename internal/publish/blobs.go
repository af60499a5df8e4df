package publish

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// blob is one content-addressed file of an OCI layout.
type blob struct {
	digest v1.Hash
	size   int64
	open   func() (io.ReadCloser, error)
}

// collectBlobs lists every blob of r (layers, configs, manifests, indexes),
// once each, sorted by digest. Non-distributable layers are left out.
func collectBlobs(r Result) ([]blob, error) {
	img, ii, err := asImageOrIndex(r)
	if err != nil {
		return nil, err
	}
	c := collector{seen: map[v1.Hash]bool{}}
	if img != nil {
		err = c.image(img)
	} else {
		err = c.index(ii)
	}
	if err != nil {
		return nil, err
	}
	slices.SortFunc(c.blobs, func(a, b blob) int {
		return strings.Compare(a.digest.String(), b.digest.String())
	})
	return c.blobs, nil
}

type collector struct {
	seen  map[v1.Hash]bool
	blobs []blob
}

func (c *collector) add(b blob) {
	if !c.seen[b.digest] {
		c.seen[b.digest] = true
		c.blobs = append(c.blobs, b)
	}
}

func (c *collector) addBytes(d v1.Hash, data []byte) {
	c.add(blob{digest: d, size: int64(len(data)), open: func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	}})
}

func (c *collector) image(img v1.Image) error {
	m, err := img.Manifest()
	if err != nil {
		return fmt.Errorf("reading image manifest: %w", err)
	}
	for _, l := range m.Layers {
		if !l.MediaType.IsDistributable() {
			continue
		}
		d := l.Digest
		c.add(blob{digest: d, size: l.Size, open: func() (io.ReadCloser, error) {
			layer, err := img.LayerByDigest(d)
			if err != nil {
				return nil, err
			}
			return layer.Compressed()
		}})
	}
	cfg, err := img.RawConfigFile()
	if err != nil {
		return fmt.Errorf("reading image config: %w", err)
	}
	c.addBytes(m.Config.Digest, cfg)
	return c.manifest(img)
}

func (c *collector) index(ii v1.ImageIndex) error {
	im, err := ii.IndexManifest()
	if err != nil {
		return fmt.Errorf("reading image index: %w", err)
	}
	for _, d := range im.Manifests {
		switch {
		case d.MediaType.IsIndex():
			child, err := ii.ImageIndex(d.Digest)
			if err != nil {
				return fmt.Errorf("reading index %s: %w", d.Digest, err)
			}
			if err := c.index(child); err != nil {
				return err
			}
		case d.MediaType.IsImage():
			child, err := ii.Image(d.Digest)
			if err != nil {
				return fmt.Errorf("reading image %s: %w", d.Digest, err)
			}
			if err := c.image(child); err != nil {
				return err
			}
		default:
			return fmt.Errorf("reading index entry %s: unsupported media type %q", d.Digest, d.MediaType)
		}
	}
	return c.manifest(ii)
}

func (c *collector) manifest(r Result) error {
	raw, err := r.RawManifest()
	if err != nil {
		return fmt.Errorf("reading manifest: %w", err)
	}
	d, err := r.Digest()
	if err != nil {
		return fmt.Errorf("computing manifest digest: %w", err)
	}
	c.addBytes(d, raw)
	return nil
}

// copyBlob copies b's bytes to w and checks their size and sha256 digest.
func copyBlob(w io.Writer, b blob) error {
	if b.digest.Algorithm != "sha256" {
		return fmt.Errorf("copying blob %s: unsupported digest algorithm", b.digest)
	}
	rc, err := b.open()
	if err != nil {
		return fmt.Errorf("opening blob %s: %w", b.digest, err)
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(w, h), rc)
	if err != nil {
		return fmt.Errorf("copying blob %s: %w", b.digest, err)
	}
	if err := rc.Close(); err != nil {
		return fmt.Errorf("closing blob %s: %w", b.digest, err)
	}
	if got := "sha256:" + hex.EncodeToString(h.Sum(nil)); n != b.size || got != b.digest.String() {
		return fmt.Errorf("copying blob %s: got %d bytes with digest %s, want %d bytes", b.digest, n, got, b.size)
	}
	return nil
}
