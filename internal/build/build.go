package build

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/executor"
	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/planner"
	"github.com/pyko-dev/pyko/internal/project"
	"github.com/pyko-dev/pyko/internal/provenance"
	"github.com/pyko-dev/pyko/internal/publish"
	"github.com/pyko-dev/pyko/internal/scratch"
	"github.com/pyko-dev/pyko/internal/usage"
)

// Result is a finished build: exactly one of Image and Index is set.
type Result struct {
	Digest    v1.Hash
	Image     v1.Image
	Index     v1.ImageIndex
	Platforms []image.Platformed
	Tags      []string
	// SBOMs are each platform's bills of materials, as the image holds
	// them; Provenance the build's SLSA provenance (nil with
	// --no-provenance).
	SBOMs      map[string][]executor.SBOM
	Provenance *provenance.Statement
	// Timings is what the build took and fetched, for --metadata-file.
	Timings Timings
}

// Timings is when a build began, how long its steps took and what it
// downloaded.
type Timings struct {
	Start         time.Time
	Plan, Execute time.Duration
	// Fetched files (Bytes of them) came over the network, Cached ones
	// from the download cache.
	Fetched, Cached int
	Bytes           int64
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
	start := time.Now()
	proj, c, err := load(ctx, &o)
	if err == nil {
		err = checkProject(ctx, proj, o.Entrypoint, true)
	}
	if err != nil {
		return nil, err
	}
	j, err := o.start(log, c)
	if err != nil {
		return nil, err
	}
	defer j.close()
	po := o.planning(c, j.fetch, j.tmp)
	// A warm-up the plan does not use stops when the build ends.
	wctx, stopWarm := context.WithCancel(ctx)
	warm := o.warmBase(wctx, log, j, &po)
	defer func() {
		stopWarm()
		warm.Wait()
	}()
	for attempt := 0; ; attempt++ {
		p, opened, err := planner.Plan(ctx, log, proj, po)
		if err != nil {
			return nil, err
		}
		j.timings = Timings{Start: start, Plan: time.Since(start)}
		if o.PlanFile != "" {
			if err := writePlan(o.PlanFile, p); err != nil {
				return nil, err
			}
		}
		xo := o.executing(log, j.fetch, opened, proj.Dir, j.tmp)
		xo.Warm = warm
		res, err := j.build(ctx, log, p, xo, o)
		var ml *executor.MissingLibrariesError
		if attempt == 0 && errors.As(err, &ml) {
			// Only a built wheel says which libraries it links: plan again
			// with the packages that provide them (the wheels come from the
			// cache of built wheels).
			log.Info("wheels built from source link libraries the image lacks: adding the packages that provide them", "packages", strings.Join(ml.Packages(), " "))
			po.Packages = append(slices.Clone(po.Packages), ml.Packages()...)
			continue
		}
		return res, err
	}
}

// Plan returns what Run would build, sealed, without building it: the
// same planning code, reading only metadata.
func Plan(ctx context.Context, log *slog.Logger, o Options) (*plan.Plan, error) {
	proj, c, err := load(ctx, &o)
	if err == nil {
		err = checkProject(ctx, proj, o.Entrypoint, true)
	}
	if err != nil {
		return nil, err
	}
	scratch.Prune(log, o.TempDir, scratchAge, scratchPrefixes...)
	dir, err := scratch.Make(o.TempDir, "pyko-plan-")
	if err != nil {
		return nil, err
	}
	defer dir.Remove()
	tmp := dir.Path
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
// the project directory (not for a --base build); then, if nothing pins
// the Python dependencies, it resolves them for every platform and writes
// pylock.toml. It returns the paths written, one a line. Without upgrade,
// OS packages the existing lock pins are kept where they still fit (only
// what the inputs changed moves); with upgrade, everything moves to the
// newest.
func Lock(ctx context.Context, log *slog.Logger, o Options, upgrade bool) (string, error) {
	proj, c, err := load(ctx, &o)
	if err == nil {
		err = checkProject(ctx, proj, o.Entrypoint, false)
	}
	if err != nil {
		return "", err
	}
	fc, err := o.fetcher(log, nil)
	if err != nil {
		return "", err
	}
	var paths []string
	if o.Base == "" {
		p, err := planner.Lock(ctx, log, proj, o.planning(c, fc, o.TempDir), upgrade)
		if err != nil {
			return "", err
		}
		paths = append(paths, p)
	}
	po := o.planning(c, fc, o.TempDir)
	po.Upgrade, po.UpgradePackages = upgrade, o.UpgradePackages
	py, err := planner.LockPython(ctx, log, proj, po)
	if err != nil {
		return "", err
	}
	if py != "" {
		paths = append(paths, py)
	}
	if len(paths) == 0 {
		return "", usage.Errorf("this project builds on the base image %s and its Python dependencies are locked already: there is nothing to lock", o.Base)
	}
	return strings.Join(paths, "\n"), nil
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
	o.FindLinks = absLinks(o.FindLinks, o.flagSet()("find-links"), proj.Dir)
	c, err := o.check()
	if err != nil {
		return nil, nil, err
	}
	return proj, c, nil
}
