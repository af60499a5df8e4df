package planner

import (
	"context"
	"fmt"
	"maps"
	"slices"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/oslock"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/target"
	"github.com/pyko-dev/pyko/internal/usage"
)

// defaultPlatforms is what a build from packages targets without
// --platform: fixed, not the host's, so the digest does not depend on the
// machine that runs pyko.
func defaultPlatforms() []v1.Platform { return []v1.Platform{{OS: "linux", Architecture: "amd64"}} }

// osPlatform is one platform of an image from packages while it is
// planned: the plan's part, and the packages with the index metadata the
// layer grouping needs.
type osPlatform struct {
	plan.Platform
	packages []*apk.Package
}

// newOSPlatforms returns the build's platforms with their targets.
func (b *planner) newOSPlatforms() ([]*osPlatform, error) {
	plats := b.o.Platforms
	if len(plats) == 0 {
		plats = defaultPlatforms()
	}
	var out []*osPlatform
	for _, p := range plats {
		t, err := target.For(p)
		if err != nil {
			return nil, usage.Wrap(err)
		}
		out = append(out, &osPlatform{Platform: plan.Platform{Platform: p.String(), Target: t, OS: &plan.OS{Arch: t.APKArch}}})
	}
	return out, nil
}

// planOS decides the Python version and each platform's packages: from
// pyko.lock when the project has one (it must match the inputs), else
// resolved from the repositories' indexes.
func (b *planner) planOS(ctx context.Context, src *osSource) ([]*osPlatform, string, error) {
	osLock, lockPath, err := b.readOSLock()
	if err != nil {
		return nil, "", err
	}
	if osLock == nil {
		return b.resolvePlatforms(ctx, src, nil)
	}
	plats, err := b.newOSPlatforms()
	if err != nil {
		return nil, "", err
	}
	var archs []string
	for _, p := range plats {
		archs = append(archs, p.OS.Arch)
	}
	python, err := b.pickPython(ctx, src, osLock, archs[0])
	if err != nil {
		return nil, "", err
	}
	world, err := b.o.world(python)
	if err != nil {
		return nil, "", err
	}
	in := oslock.Inputs{World: worldStrings(world), Repositories: src.redactedURLs(), Archs: archs}
	if err := osLock.Check(lockPath, in, src.fingerprints); err != nil {
		return nil, "", err
	}
	b.log.Info("using the OS lockfile", "file", lockPath)
	for _, p := range plats {
		src.describe(p, world, src.fromLock(osLock, p.OS.Arch))
		p.OS.Lockfile = true
	}
	return plats, python, nil
}

// describe records in p's plan what its OS is made of.
func (s *osSource) describe(p *osPlatform, world []apk.Dependency, pkgs []*apk.Package) {
	p.packages = pkgs
	p.OS.World, p.OS.Repositories, p.OS.Keys = worldStrings(world), s.redactedURLs(), s.planKeys()
	p.OS.Indexes = s.indexFiles[p.OS.Arch]
	p.OS.Packages = []plan.OSPackage{}
	for _, pk := range pkgs {
		p.OS.Packages = append(p.OS.Packages, plan.OSPackage{Name: pk.Name, Version: pk.Version, Origin: pk.Origin,
			Repository: fetch.Redact(pk.Repository), Checksum: pk.Checksum, Size: pk.Size, InstalledSize: pk.InstalledSize})
	}
}

// pickPython: an explicit choice, else the lock's, else the newest that
// fits requires-python.
func (b *planner) pickPython(ctx context.Context, src *osSource, osLock *oslock.Lock, arch string) (string, error) {
	if b.o.Python == "" && b.proj.PythonVersion == "" && osLock != nil {
		for _, w := range osLock.Inputs.World {
			if m := pythonPkgRe.FindStringSubmatch(w); m != nil {
				return m[1], nil
			}
		}
	}
	// Without a lock the index is needed anyway (to resolve), and it says
	// which exact version an explicit 3.X is, to check requires-python.
	var avail []*apk.Package
	if osLock == nil {
		var err error
		if avail, err = src.available(ctx, arch); err != nil {
			return "", err
		}
	}
	choice, err := choosePython(&b.o, b.proj, avail, b.lockfile)
	if err != nil {
		return "", err
	}
	b.log.Info("python", "version", choice.Minor, "from", choice.Source)
	return choice.Minor, nil
}

// osLayers lays out the OS: the packages grouped by origin into at most
// budget layers, then the layer of what pyko generates for them.
func osLayers(pkgs []*apk.Package, budget int) []plan.Layer {
	var out []plan.Layer
	for _, g := range plan.GroupByOrigin(pkgs, budget) {
		l := plan.Layer{Kind: plan.KindOS}
		for _, p := range g.Packages {
			l.Packages = append(l.Packages, p.ID())
		}
		out = append(out, l)
	}
	return append(out, plan.Layer{Kind: plan.KindGenerated, Note: "installed db, accounts, ld.so.cache"})
}

func (b *planner) planFromPackages(ctx context.Context, p *plan.Plan) error {
	src, err := b.openOS(ctx)
	if err != nil {
		return err
	}
	b.osSrc = src
	plats, python, err := b.planOS(ctx, src)
	if err != nil {
		return err
	}
	acct, err := image.ParseUser(b.o.User, &image.Facts{})
	if err != nil {
		return usage.Wrap(err)
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
		pl.Config.Annotations = b.annotations("", v1.Hash{})
		b.setConfig(pl, acct, &v1.ConfigFile{}, &image.Facts{CABundle: caBundle})
		p.Platforms = append(p.Platforms, *pl)
	}
	if len(p.Platforms) > 0 {
		p.IndexAnnotations = maps.Clone(p.Platforms[0].Config.Annotations)
	}
	return nil
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
