package build

import (
	"context"
	"fmt"
	"slices"

	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/plan"
)

// imagePlan is the whole build decided: one target per platform, and the
// base image or the APK source they come from.
type imagePlan struct {
	targets []*target
	base    *image.Base
	src     *osSource
}

// planImage decides everything the image will contain, reading only
// metadata: APK indexes (or pyko.lock), package index pages, the base
// image's manifests and files. Nothing of a package or wheel is
// downloaded. pyko build executes exactly this plan.
func (b *builder) planImage(ctx context.Context) (*imagePlan, error) {
	var ip *imagePlan
	var err error
	if b.o.Base != "" {
		ip, err = b.planOnBase(ctx)
	} else {
		ip, err = b.planFromPackages(ctx)
	}
	if err != nil {
		return nil, err
	}
	for _, t := range ip.targets {
		if err := b.planPython(ctx, t); err != nil {
			return nil, fmt.Errorf("planning for %s: %w", t.platform, err)
		}
	}
	return ip, nil
}

func (b *builder) planFromPackages(ctx context.Context) (*imagePlan, error) {
	src, err := b.openOS(ctx)
	if err != nil {
		return nil, err
	}
	targets, python, err := b.planOS(ctx, src)
	if err != nil {
		return nil, err
	}
	acct, err := image.ParseUser(b.o.User, &image.Facts{})
	if err != nil {
		return nil, usagef(err)
	}
	for _, t := range targets {
		t.acct, t.interp = acct, "/usr/bin/python"+python
		t.osGroups = plan.GroupByOrigin(t.plan.Packages, b.osLayerBudget())
		t.facts = &image.Facts{CABundle: slices.ContainsFunc(t.plan.Packages, isCABundle)}
		if b.hasVenv() {
			if t.py, err = osPyTarget(t, t.interp); err != nil {
				return nil, fmt.Errorf("planning for %s: %w", t.platform, err)
			}
		}
	}
	return &imagePlan{targets: targets, src: src}, nil
}

func (b *builder) planOnBase(ctx context.Context) (*imagePlan, error) {
	base, err := image.LoadBase(ctx, b.o.Base, image.BaseOptions{Insecure: b.o.Insecure, TempDir: b.tmp})
	if err != nil {
		return nil, err
	}
	plats, err := base.Platforms(b.c.platforms)
	if err != nil {
		return nil, usagef(err)
	}
	ip := &imagePlan{base: base}
	for _, pi := range plats {
		t := &target{platform: pi.Platform, base: &pi}
		if t.facts, err = image.Scan(ctx, pi.Image); err != nil {
			return nil, fmt.Errorf("reading base image %s: %w", base.Name, err)
		}
		if t.acct, err = image.ParseUser(b.o.User, t.facts); err != nil {
			return nil, usagef(err)
		}
		_, _, t.accounts = image.Accounts(t.facts, t.acct)
		t.interp, _ = t.facts.Interpreter()
		if b.hasVenv() {
			if t.py, err = b.baseTarget(pi.Platform, t.facts, t.interp); err != nil {
				return nil, err
			}
		}
		ip.targets = append(ip.targets, t)
	}
	return ip, nil
}

// planPython chooses the wheels and the config of one target.
func (b *builder) planPython(ctx context.Context, t *target) error {
	var err error
	if b.hasVenv() {
		if t.wheels, err = b.pythonWheels(ctx, t.py); err != nil {
			return err
		}
	}
	ep, err := b.entrypoint(b.runInterpreter(t.interp))
	if err != nil {
		return err
	}
	t.spec = image.Spec{
		User:       t.acct.String(),
		WorkingDir: AppDir,
		Entrypoint: ep,
		PathPrefix: VenvDir + "/bin",
		Env:        b.o.Env,
		Labels:     b.c.labels,
		Platform:   t.platform,
	}
	return nil
}
