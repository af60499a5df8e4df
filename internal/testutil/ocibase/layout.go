package ocibase

import (
	"context"
	"fmt"
	"os"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/match"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/pyko-dev/pyko/internal/layer"
)

// RefNameAnnotation names an image inside an OCI layout (the TAG of
// oci:DIR:TAG).
const RefNameAnnotation = "org.opencontainers.image.ref.name"

// Path is the PATH in the base image's config, Debian's default for root.
const Path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

type options struct {
	arch        string
	compression layer.Compression
}

// Option configures Layout.
type Option func(*options)

// WithArch sets the config's architecture. Default "amd64".
func WithArch(arch string) Option { return func(o *options) { o.arch = arch } }

// Layout packs the tree at rootfs (modes, setuid bits and symlinks kept,
// everything owned by 0:0, mtimes at the epoch) as one layer of a linux
// image and writes it into the OCI layout dir (created if needed) under tag,
// replacing an image of the same tag. It returns the manifest digest.
func Layout(ctx context.Context, rootfs, dir, tag string, opts ...Option) (v1.Hash, error) {
	o := options{arch: "amd64", compression: layer.Gzip}
	for _, opt := range opts {
		opt(&o)
	}
	img, cleanup, err := image(ctx, rootfs, o)
	if err != nil {
		return v1.Hash{}, fmt.Errorf("packing %s as an image: %w", rootfs, err)
	}
	defer cleanup()
	digest, err := img.Digest()
	if err != nil {
		return v1.Hash{}, fmt.Errorf("computing image digest: %w", err)
	}
	p, err := openLayout(dir)
	if err != nil {
		return v1.Hash{}, err
	}
	err = p.ReplaceImage(img, match.Annotation(RefNameAnnotation, tag),
		layout.WithAnnotations(map[string]string{RefNameAnnotation: tag}))
	if err != nil {
		return v1.Hash{}, fmt.Errorf("writing image to OCI layout %s: %w", dir, err)
	}
	return digest, nil
}

// image builds the one-layer image; cleanup removes the layer's temp file.
func image(ctx context.Context, rootfs string, o options) (v1.Image, func(), error) {
	entries, err := layer.DirEntries(rootfs)
	if err != nil {
		return nil, nil, err
	}
	for i := range entries {
		entries[i].UID, entries[i].GID = 0, 0
	}
	l, err := layer.New(ctx, entries, layer.WithCompression(o.compression))
	if err != nil {
		return nil, nil, fmt.Errorf("writing layer: %w", err)
	}
	cleanup := func() { _ = l.Remove() }
	img, err := mutate.Append(empty.Image, mutate.Addendum{Layer: l})
	if err != nil {
		cleanup()
		return nil, nil, fmt.Errorf("appending layer: %w", err)
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		cleanup()
		return nil, nil, fmt.Errorf("reading config: %w", err)
	}
	cfg = cfg.DeepCopy()
	cfg.Architecture = o.arch
	cfg.OS = "linux"
	cfg.Config.Env = []string{"PATH=" + Path}
	img, err = mutate.ConfigFile(img, cfg)
	if err != nil {
		cleanup()
		return nil, nil, fmt.Errorf("setting config: %w", err)
	}
	// empty.Image has Docker media types; a base in an OCI layout is OCI.
	img = mutate.MediaType(img, types.OCIManifestSchema1)
	img = mutate.ConfigMediaType(img, types.OCIConfigJSON)
	return img, cleanup, nil
}

// openLayout opens the OCI layout at dir, or creates an empty one.
func openLayout(dir string) (layout.Path, error) {
	if _, err := os.Stat(dir + "/index.json"); err == nil {
		p, err := layout.FromPath(dir)
		if err != nil {
			return "", fmt.Errorf("opening OCI layout %s: %w", dir, err)
		}
		return p, nil
	}
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		return "", fmt.Errorf("creating OCI layout %s: %w", dir, err)
	}
	return p, nil
}
