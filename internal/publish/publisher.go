package publish

import (
	"context"
	"fmt"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/pyko-dev/pyko/internal/imageref"
	"github.com/pyko-dev/pyko/internal/usage"
)

// Result is what a build produces: a v1.Image or a v1.ImageIndex. Both
// satisfy it; sinks reject any other implementation.
type Result interface {
	MediaType() (types.MediaType, error)
	Digest() (v1.Hash, error)
	RawManifest() ([]byte, error)
	Size() (int64, error)
}

var (
	_ Result = v1.Image(nil)
	_ Result = v1.ImageIndex(nil)
)

// Publisher writes a Result somewhere.
type Publisher interface {
	// Publish writes r. A failed Publish to a file sink leaves nothing behind.
	Publish(ctx context.Context, r Result) error
	// String names the destination for logs and messages.
	String() string
}

// New returns the Publisher for a file or daemon output. tags name the image
// in oci-archive (the first tag), docker-archive and daemon outputs; an OCI
// layout is named by the output's own TAG only. tags may be empty.
func New(t imageref.Ref, tags []name.Tag, opts ...Option) (Publisher, error) {
	o := makeOptions(opts)
	var p Publisher
	switch t.Kind {
	case imageref.OCILayout:
		p = &layoutPublisher{dir: t.Path, tag: t.Tag, o: o}
	case imageref.OCIArchive:
		p = &ociArchivePublisher{file: t.Path, tags: tags, o: o}
	case imageref.DockerArchive:
		p = &dockerArchivePublisher{file: t.Path, tags: tags, o: o}
	case imageref.Daemon:
		p = &daemonPublisher{tags: tags, o: o}
	default:
		return nil, usage.Errorf("unknown output kind %d: %s", int(t.Kind), outputForms)
	}
	if err := t.Check(outputs...); err != nil {
		return nil, usage.Wrap(err)
	}
	return p, nil
}

// asImageOrIndex returns r as exactly one of v1.Image or v1.ImageIndex,
// deciding by its media type.
func asImageOrIndex(r Result) (v1.Image, v1.ImageIndex, error) {
	mt, err := r.MediaType()
	if err != nil {
		return nil, nil, fmt.Errorf("reading media type: %w", err)
	}
	if img, ok := r.(v1.Image); ok && mt.IsImage() {
		return img, nil, nil
	}
	if ii, ok := r.(v1.ImageIndex); ok && mt.IsIndex() {
		return nil, ii, nil
	}
	return nil, nil, fmt.Errorf("publishing %T with media type %q: not an image or image index", r, mt)
}
