package publish

import (
	"context"
	"fmt"
	"io"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/tarball"

	"github.com/pyko-dev/pyko/internal/imageref"
)

// dockerArchivePublisher writes a `docker save` tar file
// (docker-archive:FILE), as read by `docker load` and `podman load`.
type dockerArchivePublisher struct {
	file string
	tags []name.Tag
	o    options
}

func (p *dockerArchivePublisher) String() string {
	return imageref.Ref{Kind: imageref.DockerArchive, Path: p.file}.String()
}

// Publish writes FILE with every tag in RepoTags, or untagged when there are
// no tags. A docker-archive holds one platform: from an index, the image
// matching WithPlatform is taken.
func (p *dockerArchivePublisher) Publish(ctx context.Context, r Result) error {
	img, err := singleImage(ctx, p.o.logger, r, p.o.platform, "docker-archive")
	if err == nil {
		err = underLock(ctx, p.o.logger, p.file, func() error {
			return writeFileAtomic(ctx, p.file, func(w io.Writer) error {
				return writeDockerArchive(w, img, p.tags)
			})
		})
	}
	if err != nil {
		return fmt.Errorf("writing docker archive %s: %w", p.file, err)
	}
	p.o.logger.InfoContext(ctx, "wrote docker archive", "file", p.file, "tags", len(p.tags))
	return nil
}

// writeDockerArchive writes img in `docker save` form with tags as RepoTags.
func writeDockerArchive(w io.Writer, img v1.Image, tags []name.Tag) error {
	refs := map[name.Reference]v1.Image{}
	for _, t := range tags {
		refs[t] = img
	}
	if len(tags) == 0 {
		// A digest reference writes the image without RepoTags; docker load
		// accepts it and prints the image ID.
		d, err := img.Digest()
		if err != nil {
			return fmt.Errorf("computing image digest: %w", err)
		}
		ref, err := name.NewDigest("pyko@" + d.String())
		if err != nil {
			return err
		}
		refs[ref] = img
	}
	return tarball.MultiRefWrite(refs, w)
}
