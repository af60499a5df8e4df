package planner

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/imageref"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/project"
	"github.com/pyko-dev/pyko/internal/python/pep440"
	"github.com/pyko-dev/pyko/internal/target"
	"github.com/pyko-dev/pyko/internal/usage"
)

// accountsLayers is the layer that adds the run-as user to a base's
// /etc/passwd and /etc/group, with a home directory it owns; none when
// the base has the user.
func accountsLayers(facts *image.Facts, a image.Account) ([]plan.Layer, error) {
	passwd, group, changed := image.Accounts(facts, a)
	if !changed {
		return nil, nil
	}
	files := []plan.LayerFile{
		{Path: "etc/passwd", Type: "file", Mode: "0644", Content: string(passwd)},
		{Path: "etc/group", Type: "file", Mode: "0644", Content: string(group)},
	}
	if a.Home != "" && a.Home != "/" {
		files = append(files, plan.LayerFile{Path: strings.TrimPrefix(a.Home, "/"), Type: "dir", Mode: "0755", UID: a.UID, GID: a.GID})
	}
	return []plan.Layer{{Kind: plan.KindAccounts, Files: files, Note: fmt.Sprintf("user %s (%s)", a.Name, a)}}, nil
}

// baseTarget is the target of a base image: its interpreter, and the
// glibc and CPython versions its package database records.
func (b *planner) baseTarget(p v1.Platform, facts *image.Facts) (target.Target, error) {
	t, err := target.For(p)
	if err != nil && !b.hasVenv() {
		// Nothing to install for it: an exotic platform of the base is
		// built as it is.
		return target.Target{}, nil
	} else if err != nil {
		return t, usage.Wrap(err)
	}
	interp, ok := facts.Interpreter()
	if !ok {
		return t, nil
	}
	python := facts.Python
	if minor := interp[strings.LastIndex(interp, "python")+len("python"):]; !strings.HasPrefix(python, minor+".") {
		python = minor // a Python of its own in /usr/local: the patch level is unknown
	}
	glibc := facts.Glibc
	if glibc == "" && b.hasVenv() {
		b.log.Warn("the base image records no glibc version; choosing wheels for manylinux2014 (glibc 2.17)", "base", b.o.Base)
		glibc = "2.17"
	}
	return t.WithPython(interp, python, glibc), nil
}

func (b *planner) planOnBase(ctx context.Context, p *plan.Plan) error {
	base, err := b.o.OpenedBase, error(nil)
	if base == nil {
		base, err = image.LoadBase(ctx, b.o.Base, image.BaseOptions{Insecure: b.o.Insecure, TempDir: b.tmp, Timeout: b.o.HTTPTimeout})
	}
	var bad *imageref.Error
	if errors.As(err, &bad) {
		return usage.Wrap(err) // --base is not an image location at all
	} else if err != nil {
		return err
	}
	b.base = base
	plats, err := base.Platforms(b.o.Platforms)
	if err != nil {
		return usage.Wrap(err)
	}
	for _, pi := range plats {
		pl, err := b.basePlatform(ctx, pi)
		if err != nil {
			return err
		}
		p.Platforms = append(p.Platforms, pl)
	}
	p.IndexAnnotations = b.annotations(baseName(base), base.Digest)
	return nil
}

// basePlatform plans one platform image of the base: its target from the
// base's files and package database, the accounts layer when the run-as
// user is missing, and the config over the base's.
func (b *planner) basePlatform(ctx context.Context, pi image.PlatformImage) (plan.Platform, error) {
	pl := plan.Platform{Platform: pi.Platform.String(), Base: &plan.Base{Reference: b.o.Base, Digest: pi.Digest.String()}}
	facts, err := image.ScanCached(ctx, b.log, pi.Readable(), filepath.Join(b.o.Fetch.Dir(), "basefacts"))
	if err != nil {
		return pl, fmt.Errorf("reading base image %s: %w", b.o.Base, err)
	}
	acct, err := image.ParseUser(b.o.User, facts)
	if err != nil {
		return pl, usage.Wrap(err)
	}
	if pl.Layers, err = accountsLayers(facts, acct); err != nil {
		return pl, err
	}
	if pl.Target, err = b.baseTarget(pi.Platform, facts); err != nil {
		return pl, err
	}
	if err := b.checkBasePython(pl.Target); err != nil {
		return pl, err
	}
	cfg, err := pi.Image.ConfigFile()
	if err != nil {
		return pl, fmt.Errorf("reading base image config: %w", err)
	}
	pl.Config.Annotations = b.annotations(baseName(b.base), pi.Digest)
	b.setConfig(&pl, acct, cfg, facts)
	return pl, nil
}

// baseName names the base in base.name: the registry reference given,
// else the registry image a local base says it is a copy of.
func baseName(b *image.Base) string {
	if ref, err := imageref.Parse(b.Name); err == nil && !ref.IsLocal() {
		return b.Name
	}
	return b.Origin
}

// checkBasePython refuses a base whose Python does not satisfy the
// project's requires-python, before anything is fetched.
func (b *planner) checkBasePython(t target.Target) error {
	spec, err := requiresPython(b.proj)
	if err != nil || spec == nil || t.Python == "" {
		return err
	}
	v, err := pep440.Parse(t.FullPython())
	if err != nil {
		return nil
	}
	if !spec.Contains(v, true) {
		return usage.Wrap(fmt.Errorf("the base image %s has Python %s, which requires-python %q in %s excludes: use a base with a Python that fits, or change requires-python",
			b.o.Base, t.Python, b.proj.RequiresPython, project.PyprojectFile))
	}
	return nil
}
