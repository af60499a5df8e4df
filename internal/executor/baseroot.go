package executor

import (
	"context"
	"fmt"
	"io"

	"github.com/google/go-containerregistry/pkg/v1/mutate"

	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/python/bytecode"
)

// baseImage opens the manifest b names, found by digest: a tag that moved
// since the plan was made is an error, not another base. The base is
// loaded once per reference (the caller's, when it opened it).
func (x *execution) baseImage(ctx context.Context, b *plan.Base) (*image.PlatformImage, error) {
	base := x.base
	if base == nil || base.Name != b.Reference {
		var err error
		if base, err = image.LoadBase(ctx, b.Reference, x.baseOptions()); err != nil {
			return nil, err
		}
		x.base = base
	}
	all, err := base.Platforms(nil)
	if err != nil {
		return nil, err
	}
	for _, pi := range all {
		if pi.Digest.String() == b.Digest {
			return &pi, nil
		}
	}
	return nil, fmt.Errorf("base image %s has no image %s (it has changed since the plan was made): plan again, or pin the base by digest", b.Reference, b.Digest)
}

// unpackImage writes the compiler's root r from the file system of pi's
// layers, flattened (later layers and whiteouts applied), under dir.
func unpackImage(ctx context.Context, pi *image.PlatformImage, dir string, r bytecode.Root) error {
	return bytecode.WriteRootTar(ctx, dir, func() (io.ReadCloser, error) { return mutate.Extract(pi.Readable()), nil }, r)
}
