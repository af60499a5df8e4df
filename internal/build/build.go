package build

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/project"
	"github.com/pyko-dev/pyko/internal/publish"
	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/projectdist"
	"github.com/pyko-dev/pyko/internal/python/simpleapi"
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
	proj, c, err := load(ctx, &o)
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

// load reads the project, fills o from [tool.pyko] where no flag was
// given, and checks every option before any other I/O.
func load(ctx context.Context, o *Options) (*project.Project, *checked, error) {
	proj, err := project.Load(ctx, o.Dir)
	if err != nil {
		return nil, nil, err
	}
	cfg, err := proj.Config()
	if err != nil {
		return nil, nil, usagef(err)
	}
	o.Merge(cfg, o.flagSet())
	c, err := o.check()
	if err != nil {
		return nil, nil, err
	}
	return proj, c, nil
}

// Plan returns what Run would build, without building it: the same
// planning code, reading only metadata.
func Plan(ctx context.Context, log *slog.Logger, o Options) (*plan.Plan, error) {
	proj, c, err := load(ctx, &o)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(o.TempDir, "pyko-plan-")
	if err != nil {
		return nil, fmt.Errorf("creating a temporary directory: %w", err)
	}
	defer os.RemoveAll(tmp)
	b := &builder{log: log, o: o, c: c, proj: proj, tmp: tmp}
	if err := b.prepare(ctx); err != nil {
		return nil, err
	}
	ip, err := b.planImage(ctx)
	if err != nil {
		return nil, err
	}
	return b.describe(ip), nil
}

// builder holds one build's state.
type builder struct {
	log  *slog.Logger
	o    Options
	c    *checked
	proj *project.Project
	tmp  string
	outs []output
	// newestPackage is the newest build date of the OS packages, when the
	// image is built from packages.
	newestPackage time.Time
	fetch         *fetch.Client
	// pyLock is the project's Python lockfile, nil without one.
	pyLock lock.Lockfile
	index  *simpleapi.Client
	// files are the app's files; self is the project as a distribution,
	// nil when it is not a package; apps caches the app layer by Python
	// version (the project's metadata goes into its site-packages).
	files []project.File
	self  *projectdist.Spec
	// lockUsed says the OS packages come from pyko.lock.
	lockUsed bool
	apps     map[string]*layer.Layer
}

func (b *builder) layerOpts() []layer.Option {
	return []layer.Option{
		layer.WithCompression(b.c.compression),
		layer.WithModTime(b.fileTime()),
		layer.WithTempDir(b.tmp),
	}
}

// prepare reads the project's files, its Python lockfile and whether it
// is a package: the inputs of planning.
func (b *builder) prepare(ctx context.Context) error {
	files, err := b.proj.Files(ctx)
	if err != nil {
		return err
	}
	b.files = files
	if b.pyLock, err = b.findPythonLock(ctx); err != nil {
		return err
	}
	b.self, err = b.projectDist()
	return err
}

func (b *builder) build(ctx context.Context) (*Result, error) {
	if err := b.prepare(ctx); err != nil {
		return nil, err
	}
	ip, err := b.planImage(ctx)
	if err != nil {
		return nil, err
	}
	if b.o.PlanFile != "" {
		if err := writePlan(b.o.PlanFile, b.describe(ip)); err != nil {
			return nil, err
		}
	}
	if ip.base == nil {
		return b.fromPackages(ctx, ip)
	}
	return b.onBase(ctx, ip)
}

// result is one image, or an index when there are several platforms.
func (b *builder) result(imgs []image.Platformed, indexAnnotations map[string]string) (*Result, error) {
	res := &Result{Tags: b.o.Tags, Platforms: imgs}
	var err error
	if len(imgs) == 1 {
		res.Image = imgs[0].Image
		res.Digest, err = res.Image.Digest()
	} else if res.Index, err = image.Index(imgs, indexAnnotations); err == nil {
		res.Digest, err = res.Index.Digest()
	}
	if err != nil {
		return nil, fmt.Errorf("computing the image digest: %w", err)
	}
	return res, nil
}
