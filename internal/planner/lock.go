package planner

import (
	"context"
	"log/slog"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/oslock"
	"github.com/pyko-dev/pyko/internal/project"
	"github.com/pyko-dev/pyko/internal/usage"
)

// Lock resolves the OS packages of every platform and writes pyko.lock in
// the project directory, returning its path. Without upgrade, packages
// the existing lock pins are kept where they still fit (only what the
// inputs changed moves); with upgrade, everything moves to the newest.
func Lock(ctx context.Context, log *slog.Logger, proj *project.Project, o Options, upgrade bool) (string, error) {
	if o.Base != "" {
		return "", usage.Errorf("pyko lock locks OS packages, but this project builds on the base image %s: there is nothing to lock", o.Base)
	}
	b := &planner{log: log, o: o, proj: proj}
	src, err := b.openOS(ctx)
	if err != nil {
		return "", err
	}
	old, path, err := b.readOSLock()
	if err != nil && !upgrade {
		return "", err
	}
	if upgrade {
		old = nil
	}
	plats, python, err := b.resolvePlatforms(ctx, src, old)
	if err != nil {
		return "", err
	}
	world, _ := b.o.world(python)
	l := &oslock.Lock{Inputs: oslock.Inputs{World: worldStrings(world), Repositories: src.redactedURLs()}, Keys: src.fingerprints}
	for _, pl := range plats {
		l.Inputs.Archs = append(l.Inputs.Archs, pl.OS.Arch)
		for _, p := range pl.packages {
			l.Packages = append(l.Packages, oslock.Package{Arch: pl.OS.Arch, Name: p.Name, Version: p.Version, Repository: fetch.Redact(p.Repository), Checksum: p.Checksum, Size: p.Size,
				Origin: p.Origin, InstalledSize: p.InstalledSize})
		}
	}
	if err := oslock.Write(path, l); err != nil {
		return "", err
	}
	return path, nil
}

// resolvePlatforms resolves every platform from the indexes, preferring
// old's versions when old is set.
func (b *planner) resolvePlatforms(ctx context.Context, src *osSource, old *oslock.Lock) ([]*osPlatform, string, error) {
	plats, err := b.newOSPlatforms()
	if err != nil {
		return nil, "", err
	}
	python, err := b.pickPython(ctx, src, old, plats[0].OS.Arch)
	if err != nil {
		return nil, "", err
	}
	world, err := b.o.world(python)
	if err != nil {
		return nil, "", err
	}
	for _, p := range plats {
		var prefer []*apk.Package
		if old != nil {
			prefer = src.fromLock(old, p.OS.Arch)
		}
		pkgs, err := src.resolveOS(ctx, p.OS.Arch, world, prefer)
		if err != nil {
			return nil, "", err
		}
		src.describe(p, world, pkgs)
	}
	return plats, python, nil
}
