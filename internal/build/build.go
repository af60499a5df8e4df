package build

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/project"
	"github.com/pyko-dev/pyko/internal/publish"
)

// Result is a finished build: exactly one of Image and Index is set.
type Result struct {
	Digest    v1.Hash
	Image     v1.Image
	Index     v1.ImageIndex
	Platforms []image.Platformed
	Tags      []string
}

// Artifact is the image or the index.
func (r *Result) Artifact() publish.Result {
	if r.Index != nil {
		return r.Index
	}
	return r.Image
}

// Run builds the image o describes and publishes it to every output.
func Run(ctx context.Context, log *slog.Logger, o Options) (*Result, error) {
	proj, err := project.Load(ctx, o.Dir)
	if err != nil {
		return nil, err
	}
	cfg, err := proj.Config()
	if err != nil {
		return nil, usagef(err)
	}
	o.Merge(cfg, o.flagSet())
	c, err := o.check()
	if err != nil {
		return nil, err
	}
	outs, err := o.outputs(log, c)
	if err != nil {
		return nil, err
	}
	if len(outs) == 0 {
		log.Warn("no output given: the image is built and then discarded; pass -o or --push to keep it")
	}
	tmp, err := os.MkdirTemp(o.TempDir, "pyko-build-")
	if err != nil {
		return nil, fmt.Errorf("creating a temporary directory: %w", err)
	}
	defer os.RemoveAll(tmp)
	b := &builder{log: log, o: o, c: c, proj: proj, tmp: tmp, outs: outs}
	res, err := b.build(ctx)
	if err != nil {
		return nil, err
	}
	if err := b.publish(ctx, res); err != nil {
		return nil, err
	}
	return res, nil
}

// builder holds one build's state.
type builder struct {
	log  *slog.Logger
	o    Options
	c    *checked
	proj *project.Project
	tmp  string
	outs []output
}

func (b *builder) layerOpts() []layer.Option {
	return []layer.Option{
		layer.WithCompression(b.c.compression),
		layer.WithModTime(b.o.Created),
		layer.WithTempDir(b.tmp),
	}
}

func (b *builder) build(ctx context.Context) (*Result, error) {
	base, err := image.LoadBase(ctx, b.o.Base, image.BaseOptions{Insecure: b.o.Insecure, TempDir: b.tmp})
	if err != nil {
		return nil, err
	}
	plats, err := base.Platforms(b.c.platforms)
	if err != nil {
		return nil, usagef(err)
	}
	files, err := b.proj.Files(ctx)
	if err != nil {
		return nil, err
	}
	app, err := appLayer(ctx, files, b.layerOpts()...)
	if err != nil {
		return nil, err
	}
	res := &Result{Tags: b.o.Tags}
	for _, pi := range plats {
		b.log.Info("assembling image", "platform", pi.Platform.String(), "base", b.o.Base)
		img, err := b.platform(ctx, base, pi, files, app)
		if err != nil {
			return nil, fmt.Errorf("building for %s: %w", pi.Platform, err)
		}
		res.Platforms = append(res.Platforms, image.Platformed{Platform: pi.Platform, Image: img})
	}
	if len(res.Platforms) == 1 {
		res.Image = res.Platforms[0].Image
		res.Digest, err = res.Image.Digest()
	} else {
		ann := b.annotations(base.Name, base.Digest)
		if res.Index, err = image.Index(res.Platforms, ann); err == nil {
			res.Digest, err = res.Index.Digest()
		}
	}
	if err != nil {
		return nil, fmt.Errorf("computing the image digest: %w", err)
	}
	return res, nil
}
