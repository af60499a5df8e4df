package build

import (
	"context"
	"fmt"
	"path"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/apk/install"
	"github.com/pyko-dev/pyko/internal/apk/repository"
	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/oslock"
	"github.com/pyko-dev/pyko/internal/plan"
)

// defaultPlatforms is what a build from packages targets without
// --platform: fixed, not the host's, so the digest does not depend on the
// machine that runs pyko.
func defaultPlatforms() []v1.Platform { return []v1.Platform{{OS: "linux", Architecture: "amd64"}} }

func newTarget(p v1.Platform) (*target, error) {
	arch, err := repository.Arch(p.Architecture, p.Variant)
	if err != nil {
		return nil, usagef(err)
	}
	return &target{platform: p, plan: &osPlan{Arch: arch}}, nil
}

// target is one platform of the build: what its plan decided and, once
// executed, what was installed.
type target struct {
	platform v1.Platform
	// plan is the OS part (from packages); base the base image's
	// platform image (on a base). Exactly one is set.
	plan *osPlan
	base *image.PlatformImage
	// osGroups are the OS layers, by origin.
	osGroups []plan.OSLayer
	// facts are what the image config needs to know of the filesystem;
	// acct is the run-as user; accounts says it needs adding (on a base).
	facts    *image.Facts
	acct     image.Account
	accounts bool
	// interp is the image's interpreter; py the wheel target and wheels
	// the chosen wheels, when there is a venv.
	interp string
	py     pyTarget
	wheels []plan.Wheel
	// spec is the config pyko decides (annotations and times are added
	// when the image is assembled).
	spec image.Spec

	// Set when the plan is executed.
	tree      *install.Tree
	installed []*apk.Package
}

// fromPackages executes a plan of an image built from APK packages, as
// apko would, plus the Python packages and the app: no base image.
func (b *builder) fromPackages(ctx context.Context, ip *imagePlan) (*Result, error) {
	for _, t := range ip.targets {
		b.log.Info("installing OS packages", "platform", t.platform.String(), "packages", len(t.plan.Packages))
		var err error
		if t.tree, t.installed, err = b.installOS(ctx, ip.src, t.plan, t.acct); err != nil {
			return nil, fmt.Errorf("building for %s: %w", t.platform, err)
		}
		for _, p := range t.installed {
			if bt := time.Unix(p.BuildTime, 0).UTC(); bt.After(b.newestPackage) {
				b.newestPackage = bt
			}
		}
	}
	var imgs []image.Platformed
	for _, t := range ip.targets {
		img, err := b.assembleOS(ctx, t)
		if err != nil {
			return nil, fmt.Errorf("building for %s: %w", t.platform, err)
		}
		imgs = append(imgs, image.Platformed{Platform: t.platform, Image: img})
	}
	return b.result(imgs, b.annotations("", v1.Hash{}))
}

func (b *builder) assembleOS(ctx context.Context, t *target) (v1.Image, error) {
	adds, err := b.osLayers(ctx, t.tree, t.installed, t.osGroups)
	if err != nil {
		return nil, err
	}
	top, err := b.pythonAndApp(ctx, t)
	if err != nil {
		return nil, err
	}
	adds = append(adds, top...)
	spec := t.spec
	spec.Annotations, spec.Created = b.annotations("", v1.Hash{}), b.created()
	return image.Assemble(empty.Image, adds, image.Config(&v1.ConfigFile{}, spec, t.facts), spec.Annotations)
}

// planOS decides the Python version and each platform's packages: from
// pyko.lock when the project has one (it must match the inputs), else
// resolved from the repositories' indexes.
func (b *builder) planOS(ctx context.Context, src *osSource) ([]*target, string, error) {
	lock, lockPath, err := b.readLock()
	if err != nil {
		return nil, "", err
	}
	if lock == nil {
		return b.unlockedTargets(ctx, src, nil)
	}
	plats := b.c.platforms
	if len(plats) == 0 {
		plats = defaultPlatforms()
	}
	var targets []*target
	var archs []string
	for _, p := range plats {
		t, err := newTarget(p)
		if err != nil {
			return nil, "", err
		}
		targets = append(targets, t)
		archs = append(archs, t.plan.Arch)
	}
	python, err := b.pickPython(ctx, src, lock, archs[0])
	if err != nil {
		return nil, "", err
	}
	world, err := b.o.world(python)
	if err != nil {
		return nil, "", err
	}
	in := oslock.Inputs{World: worldStrings(world), Repositories: src.redactedURLs(), Archs: archs}
	if err := lock.Check(lockPath, in, src.fingerprints); err != nil {
		return nil, "", err
	}
	b.log.Info("using the OS lockfile", "file", lockPath)
	b.lockUsed = true
	for _, t := range targets {
		t.plan.World, t.plan.Packages = world, src.fromLock(lock, t.plan.Arch)
	}
	return targets, python, nil
}

// pickPython: an explicit choice, else the lock's, else the newest that
// fits requires-python.
func (b *builder) pickPython(ctx context.Context, src *osSource, lock *oslock.Lock, arch string) (string, error) {
	if b.o.Python == "" && b.proj.PythonVersion == "" && lock != nil {
		for _, w := range lock.Inputs.World {
			if m := pythonPkgRe.FindStringSubmatch(w); m != nil {
				return m[1], nil
			}
		}
	}
	// Without a lock the index is needed anyway (to resolve), and it says
	// which exact version an explicit 3.X is, to check requires-python.
	var avail []*apk.Package
	if lock == nil {
		var err error
		if avail, err = src.available(ctx, arch); err != nil {
			return "", err
		}
	}
	choice, err := choosePython(&b.o, b.proj, avail)
	if err != nil {
		return "", err
	}
	b.log.Info("python", "version", choice.Minor, "from", choice.Source)
	return choice.Minor, nil
}

// osPyTarget is the wheel target of an image built from packages: the
// planned python-3.X-base (or python-3.X) and glibc versions.
func osPyTarget(t *target, interp string) (pyTarget, error) {
	minor := strings.TrimPrefix(path.Base(interp), "python")
	var python, glibc string
	for _, p := range t.plan.Packages {
		upstream, _, _ := strings.Cut(p.Version, "-r")
		switch p.Name {
		case "glibc":
			glibc = upstream
		case "python-" + minor + "-base", "python-" + minor:
			if python == "" || p.Name == "python-"+minor+"-base" {
				python = upstream
			}
		}
	}
	if glibc == "" {
		return pyTarget{}, fmt.Errorf("the image has no glibc package: pyko installs manylinux wheels, which need glibc")
	}
	return newPyTarget(python, glibc, t.plan.Arch, interp)
}
