package build

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/oslock"
)

// Lock resolves the OS packages of every platform and writes pyko.lock in
// the project directory, returning its path. Without upgrade, packages
// the existing lock pins are kept where they still fit (only what the
// inputs changed moves); with upgrade, everything moves to the newest.
func Lock(ctx context.Context, log *slog.Logger, o Options, upgrade bool) (string, error) {
	proj, c, err := load(ctx, &o)
	if err != nil {
		return "", err
	}
	if o.Base != "" {
		return "", usagef(fmt.Errorf("pyko lock locks OS packages, but this project builds on the base image %s: there is nothing to lock", o.Base))
	}
	b := &builder{log: log, o: o, c: c, proj: proj}
	src, err := b.openOS(ctx)
	if err != nil {
		return "", err
	}
	old, path, err := b.readLock()
	if err != nil && !upgrade {
		return "", err
	}
	if upgrade {
		old = nil
	}
	targets, python, err := b.unlockedTargets(ctx, src, old)
	if err != nil {
		return "", err
	}
	world, _ := o.world(python)
	l := &oslock.Lock{Inputs: oslock.Inputs{World: worldStrings(world), Repositories: src.redactedURLs()}, Keys: src.fingerprints}
	for _, t := range targets {
		l.Inputs.Archs = append(l.Inputs.Archs, t.plan.Arch)
		for _, p := range t.plan.Packages {
			l.Packages = append(l.Packages, oslock.Package{Arch: t.plan.Arch, Name: p.Name, Version: p.Version, Repository: fetch.Redact(p.Repository), Checksum: p.Checksum, Size: p.Size,
				Origin: p.Origin, InstalledSize: p.InstalledSize})
		}
	}
	if err := oslock.Write(path, l); err != nil {
		return "", err
	}
	return path, nil
}

// unlockedTargets resolves every platform from the indexes, preferring
// old's versions when old is set.
func (b *builder) unlockedTargets(ctx context.Context, src *osSource, old *oslock.Lock) ([]*target, string, error) {
	plats := b.c.platforms
	if len(plats) == 0 {
		plats = defaultPlatforms()
	}
	var targets []*target
	for _, p := range plats {
		t, err := newTarget(p)
		if err != nil {
			return nil, "", err
		}
		targets = append(targets, t)
	}
	python, err := b.pickPython(ctx, src, old, targets[0].plan.Arch)
	if err != nil {
		return nil, "", err
	}
	world, err := b.o.world(python)
	if err != nil {
		return nil, "", err
	}
	for _, t := range targets {
		var prefer []*apk.Package
		if old != nil {
			prefer = src.fromLock(old, t.plan.Arch)
		}
		t.plan.World = world
		if t.plan.Packages, err = src.resolveOS(ctx, t.plan.Arch, world, prefer); err != nil {
			return nil, "", err
		}
	}
	return targets, python, nil
}
