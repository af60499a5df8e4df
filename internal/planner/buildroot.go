package planner

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/usage"
)

// mayBuild reports whether the package name may be built from source:
// not with --no-build, nor when --only-binary names it or ":all:".
func (b *planner) mayBuild(name string) bool {
	if b.o.NoBuild {
		return false
	}
	for _, n := range b.o.OnlyBinary {
		if n == ":all:" || pep503.Normalize(n) == name {
			return false
		}
	}
	return true
}

// buildWorld is what a build root needs: the image's Python with its
// headers, a C toolchain, and the project's build-packages.
func (b *planner) buildWorld(minor string) ([]apk.Dependency, error) {
	names := []string{"python-" + minor, "python-" + minor + "-dev", "build-base", "wolfi-baselayout"}
	var out []apk.Dependency
	for _, n := range append(names, b.o.BuildPackages...) {
		d, err := apk.ParseDependency(strings.TrimSpace(n))
		if err != nil || d.Conflict {
			return nil, usage.Wrap(fmt.Errorf("build-packages %q: use NAME or NAME=VERSION, such as openssl-dev", n))
		}
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b apk.Dependency) int { return strings.Compare(a.String(), b.String()) })
	return slices.CompactFunc(out, func(a, b apk.Dependency) bool { return a.String() == b.String() }), nil
}

// planBuildRoot gives pl a build root when one of its wheels is built
// from source: resolved from the same repositories and keys as an image
// from packages (opened now for an image on a base), for pl's
// architecture and Python.
func (b *planner) planBuildRoot(ctx context.Context, pl *plan.Platform) error {
	var builds []string
	for _, w := range pl.Wheels {
		if w.Build != nil {
			builds = append(builds, w.ID())
		}
	}
	if len(builds) == 0 {
		return nil
	}
	if b.osSrc == nil {
		src, err := b.openOS(ctx)
		if err != nil {
			return fmt.Errorf("opening the APK repositories for the build root of %s: %w", strings.Join(builds, ", "), err)
		}
		b.osSrc = src
	}
	minor := pl.Target.Minor()
	if minor == "" {
		return fmt.Errorf("building %s from source: the image's Python version is not known", strings.Join(builds, ", "))
	}
	world, err := b.buildWorld(minor)
	if err != nil {
		return err
	}
	pkgs, err := b.osSrc.resolveOS(ctx, pl.Target.APKArch, world, nil)
	if err != nil {
		return fmt.Errorf("the build root of %s: %w (add the packages it needs to [tool.pyko] build-packages, or give wheels)", strings.Join(builds, ", "), err)
	}
	op := &osPlatform{Platform: plan.Platform{OS: &plan.OS{Arch: pl.Target.APKArch}}}
	b.osSrc.describe(op, world, pkgs)
	pl.BuildRoot = op.OS
	b.log.Info("building from source", "platform", pl.Platform, "packages", strings.Join(builds, " "), "build root", len(pkgs))
	return nil
}
