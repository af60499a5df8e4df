package build

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/executor"
	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/planner"
	"github.com/pyko-dev/pyko/internal/project"
	"github.com/pyko-dev/pyko/internal/publish"
	"github.com/pyko-dev/pyko/internal/usage"
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

// Run plans the image o describes, executes the plan and publishes the
// result to every output.
func Run(ctx context.Context, log *slog.Logger, o Options) (*Result, error) {
	proj, c, err := load(ctx, &o)
	if err != nil {
		return nil, err
	}
	outs, err := o.outputs(log, c)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(o.TempDir, "pyko-build-")
	if err != nil {
		return nil, fmt.Errorf("creating a temporary directory: %w", err)
	}
	defer os.RemoveAll(tmp)
	tally := &fetch.Tally{}
	fc, err := o.fetcher(log, tally)
	if err != nil {
		return nil, err
	}
	p, opened, err := planner.Plan(ctx, log, proj, o.planning(c, fc, tmp))
	if err != nil {
		return nil, err
	}
	if o.PlanFile != "" {
		if err := writePlan(o.PlanFile, p); err != nil {
			return nil, err
		}
	}
	res, err := execute(ctx, log, p, o.executing(log, fc, opened, proj.Dir, tmp), outs, o)
	if err == nil {
		logDownloads(log, tally)
	}
	return res, err
}

// Plan returns what Run would build, sealed, without building it: the
// same planning code, reading only metadata.
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
	fc, err := o.fetcher(log, nil)
	if err != nil {
		return nil, err
	}
	p, _, err := planner.Plan(ctx, log, proj, o.planning(c, fc, tmp))
	if err != nil {
		return nil, err
	}
	seal, err := plan.Seal(p)
	p.Seal = seal
	return p, err
}

// Lock resolves the OS packages of every platform and writes pyko.lock in
// the project directory, returning its path. Without upgrade, packages
// the existing lock pins are kept where they still fit (only what the
// inputs changed moves); with upgrade, everything moves to the newest.
func Lock(ctx context.Context, log *slog.Logger, o Options, upgrade bool) (string, error) {
	proj, c, err := load(ctx, &o)
	if err != nil {
		return "", err
	}
	fc, err := o.fetcher(log, nil)
	if err != nil {
		return "", err
	}
	return planner.Lock(ctx, log, proj, o.planning(c, fc, o.TempDir), upgrade)
}

// execute runs the executor on a verified plan, then publishes.
func execute(ctx context.Context, log *slog.Logger, p *plan.Plan, xo executor.Options, outs []output, o Options) (*Result, error) {
	if err := plan.Verify(p); err != nil {
		return nil, fmt.Errorf("checking the plan: %w", err)
	}
	if len(outs) == 0 {
		log.Warn("no output given: the image is built and then discarded; pass -o or --push to keep it")
	}
	xr, err := executor.Execute(ctx, p, xo)
	if err != nil {
		return nil, err
	}
	res := &Result{Digest: xr.Digest, Image: xr.Image, Index: xr.Index, Platforms: xr.Platforms, Tags: o.Tags}
	if err := publishAll(ctx, log, outs, res, o.MetadataFile); err != nil {
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
		return nil, nil, usage.Wrap(err)
	}
	o.Merge(cfg, o.flagSet())
	c, err := o.check()
	if err != nil {
		return nil, nil, err
	}
	return proj, c, nil
}
