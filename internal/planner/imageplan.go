package planner

import (
	"cmp"
	"context"
	"fmt"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/plan"
)

// planImage decides everything the image will contain, reading only
// metadata: APK indexes (or pyko.lock), package index pages, the base
// image's manifests and files. Nothing of a package or wheel is
// downloaded; the executor builds exactly the result.
func (b *planner) planImage(ctx context.Context) (*plan.Plan, error) {
	p := &plan.Plan{SchemaVersion: plan.SchemaVersion,
		Project:   plan.Project{Name: b.proj.Name, Version: b.proj.Version, NoDeps: b.o.NoDeps},
		Layers:    plan.LayerFormat{Compression: string(b.o.Compression)},
		App:       plan.App{Dir: AppDir, Files: b.appFiles},
		Platforms: []plan.Platform{}}
	if b.lockfile != nil {
		p.Project.Lockfile = b.lockName()
	}
	if !b.o.Created.IsZero() {
		sde := b.o.Created.Unix()
		p.Layers.SourceDateEpoch = &sde
	}
	var err error
	if b.o.Base != "" {
		err = b.planOnBase(ctx, p)
	} else {
		err = b.planFromPackages(ctx, p)
	}
	if err != nil {
		return nil, err
	}
	for i := range p.Platforms {
		if err := b.planPython(ctx, &p.Platforms[i]); err != nil {
			return nil, fmt.Errorf("planning for %s: %w", p.Platforms[i].Platform, err)
		}
	}
	return p, nil
}

// planPython chooses the wheels, lays out the python and app layers, and
// completes the config of one platform.
func (b *planner) planPython(ctx context.Context, pl *plan.Platform) error {
	pl.Wheels = []plan.Wheel{}
	if b.hasVenv() {
		if pl.Target.Interpreter == "" {
			return fmt.Errorf("base image %s has no python3.N in /usr/bin or /usr/local/bin to install Python packages for", b.o.Base)
		}
		var err error
		if pl.Wheels, err = b.pythonWheels(ctx, pl.Target); err != nil {
			return err
		}
		if b.selfBuild != nil {
			pl.Wheels = append(pl.Wheels, *b.selfBuild)
		}
		if err := b.planBuildRoot(ctx, pl); err != nil {
			return err
		}
		pl.Layers = append(pl.Layers, b.pythonLayers(pl.Wheels)...)
		pl.Self = b.self
	}
	if len(b.o.SBOM) > 0 {
		// Before the app layer, which stays the top one: the SBOM lists
		// packages, so an edit of the app's code changes only the app
		// layer.
		tool := b.o.Tool
		if tool == "" {
			tool = "pyko"
		}
		pl.Layers = append(pl.Layers, plan.Layer{Kind: plan.KindSBOM, SBOM: b.o.SBOM, Note: tool})
	}
	pl.Layers = append(pl.Layers, plan.Layer{Kind: plan.KindApp})
	if err := b.planBytecode(ctx, pl); err != nil {
		return err
	}
	ep, err := b.entrypoint(b.runInterpreter(pl.Target.Interpreter))
	if err != nil {
		return err
	}
	pl.Config.Entrypoint = ep
	return nil
}

// DefaultStopSignal is the images' stop signal. Python running as PID 1
// ignores SIGTERM unless the program handles it, so "podman stop" would
// wait its whole grace period and kill; SIGINT always raises
// KeyboardInterrupt, so the program unwinds (finally blocks, context
// managers) and exits at once. Servers that shut down gracefully on
// SIGTERM (gunicorn) can ask for it with --stop-signal SIGTERM.
const DefaultStopSignal = "SIGINT"

// setConfig decides the config but the entrypoint: the run-as user, the
// working directory, the labels, and the whole environment: the base's,
// the venv first on PATH, pyko's defaults, then --env.
func (b *planner) setConfig(pl *plan.Platform, acct image.Account, base *v1.ConfigFile, facts *image.Facts) {
	spec := image.Spec{PathPrefix: VenvDir + "/bin", Env: b.o.Env}
	pl.Config = plan.Config{User: acct.String(), WorkingDir: AppDir, Env: image.Env(base.Config.Env, spec, facts),
		Annotations: pl.Config.Annotations, StopSignal: cmp.Or(b.o.StopSignal, DefaultStopSignal), Healthcheck: b.o.Healthcheck}
	pl.Config.Labels = b.labels(pl.Config.Annotations)
}
