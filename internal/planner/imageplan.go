package build

import (
	"context"
	"fmt"
	"slices"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/target"
)

// planImage decides everything the image will contain, reading only
// metadata: APK indexes (or pyko.lock), package index pages, the base
// image's manifests and files. Nothing of a package or wheel is
// downloaded; the executor builds exactly the result.
func (b *planner) planImage(ctx context.Context) (*plan.Plan, error) {
	p := &plan.Plan{SchemaVersion: plan.SchemaVersion,
		Project:   plan.Project{Name: b.proj.Name, Version: b.proj.Version},
		Layers:    plan.LayerFormat{Compression: string(b.c.compression)},
		App:       plan.App{Dir: AppDir, Files: b.appFiles},
		Platforms: []plan.Platform{}}
	if b.pyLock != nil {
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

func (b *planner) planFromPackages(ctx context.Context, p *plan.Plan) error {
	src, err := b.openOS(ctx)
	if err != nil {
		return err
	}
	plats, python, err := b.planOS(ctx, src)
	if err != nil {
		return err
	}
	acct, err := image.ParseUser(b.o.User, &image.Facts{})
	if err != nil {
		return usagef(err)
	}
	for _, op := range plats {
		pl := &op.Platform
		pl.Layers = osLayers(op.packages, b.osLayerBudget())
		pl.OS.Account = &plan.Account{Name: acct.Name, UID: acct.UID, GID: acct.GID, Home: acct.Home}
		interp := "/usr/bin/python" + python
		t, err := osTarget(pl.Target, pl.OS.Packages, interp)
		if err != nil && b.hasVenv() {
			return fmt.Errorf("planning for %s: %w", pl.Platform, err)
		}
		pl.Target = t
		caBundle := slices.ContainsFunc(pl.OS.Packages, func(p plan.OSPackage) bool { return p.Name == "ca-certificates-bundle" })
		b.setConfig(pl, acct, &v1.ConfigFile{}, &image.Facts{CABundle: caBundle})
		p.Platforms = append(p.Platforms, *pl)
	}
	p.IndexAnnotations = b.annotations("", v1.Hash{})
	for i := range p.Platforms {
		p.Platforms[i].Config.Annotations = p.IndexAnnotations
	}
	return nil
}

func (b *planner) planOnBase(ctx context.Context, p *plan.Plan) error {
	base, err := image.LoadBase(ctx, b.o.Base, image.BaseOptions{Insecure: b.o.Insecure, TempDir: b.tmp})
	if err != nil {
		return err
	}
	b.base = base
	plats, err := base.Platforms(b.c.platforms)
	if err != nil {
		return usagef(err)
	}
	for _, pi := range plats {
		pl, err := b.basePlatform(ctx, pi)
		if err != nil {
			return err
		}
		p.Platforms = append(p.Platforms, pl)
	}
	p.IndexAnnotations = b.annotations(base.Name, base.Digest)
	return nil
}

// basePlatform plans one platform image of the base: its target from the
// base's files and package database, the accounts layer when the run-as
// user is missing, and the config over the base's.
func (b *planner) basePlatform(ctx context.Context, pi image.PlatformImage) (plan.Platform, error) {
	pl := plan.Platform{Platform: pi.Platform.String(), Base: &plan.Base{Reference: b.o.Base, Digest: pi.Digest.String()}}
	facts, err := image.Scan(ctx, pi.Image)
	if err != nil {
		return pl, fmt.Errorf("reading base image %s: %w", b.o.Base, err)
	}
	acct, err := image.ParseUser(b.o.User, facts)
	if err != nil {
		return pl, usagef(err)
	}
	if pl.Layers, err = accountsLayers(facts, acct); err != nil {
		return pl, err
	}
	if pl.Target, err = b.baseTarget(pi.Platform, facts); err != nil {
		return pl, err
	}
	cfg, err := pi.Image.ConfigFile()
	if err != nil {
		return pl, fmt.Errorf("reading base image config: %w", err)
	}
	b.setConfig(&pl, acct, cfg, facts)
	pl.Config.Annotations = b.annotations(b.o.Base, pi.Digest)
	return pl, nil
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
		pl.Layers = append(pl.Layers, b.pythonLayers(pl.Wheels)...)
		pl.Self = b.self
	}
	pl.Layers = append(pl.Layers, plan.Layer{Kind: plan.KindApp})
	ep, err := b.entrypoint(b.runInterpreter(pl.Target.Interpreter))
	if err != nil {
		return err
	}
	pl.Config.Entrypoint = ep
	return nil
}

// setConfig decides the config but the entrypoint: the run-as user, the
// working directory, the labels, and the whole environment: the base's,
// the venv first on PATH, pyko's defaults, then --env.
func (b *planner) setConfig(pl *plan.Platform, acct image.Account, base *v1.ConfigFile, facts *image.Facts) {
	spec := image.Spec{PathPrefix: VenvDir + "/bin", Env: b.o.Env}
	pl.Config = plan.Config{User: acct.String(), WorkingDir: AppDir, Env: image.Env(base.Config.Env, spec, facts), Labels: b.c.labels,
		Annotations: pl.Config.Annotations}
	if len(pl.Config.Labels) == 0 {
		pl.Config.Labels = nil
	}
}

// osTarget is the target of an image built from packages: the planned
// python-3.X-base (or python-3.X) and glibc versions.
func osTarget(t target.Target, pkgs []plan.OSPackage, interp string) (target.Target, error) {
	minor := interp[len("/usr/bin/python"):]
	var python, glibc string
	for _, p := range pkgs {
		switch p.Name {
		case "glibc":
			glibc = p.Version
		case "python-" + minor + "-base", "python-" + minor:
			if python == "" || p.Name == "python-"+minor+"-base" {
				python = p.Version
			}
		}
	}
	if glibc == "" {
		return t.WithPython(interp, python, ""), fmt.Errorf("the image has no glibc package: pyko installs manylinux wheels, which need glibc")
	}
	return t.WithPython(interp, python, glibc), nil
}
