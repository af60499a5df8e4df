package build

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/apk/repository"
	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/layer"
)

// onBase executes a plan of images built on a base image.
func (b *builder) onBase(ctx context.Context, ip *imagePlan) (*Result, error) {
	var imgs []image.Platformed
	for _, t := range ip.targets {
		b.log.Info("assembling image", "platform", t.platform.String(), "base", b.o.Base)
		img, err := b.assembleOnBase(ctx, t)
		if err != nil {
			return nil, fmt.Errorf("building for %s: %w", t.platform, err)
		}
		imgs = append(imgs, image.Platformed{Platform: t.platform, Image: img})
	}
	return b.result(imgs, b.annotations(ip.base.Name, ip.base.Digest))
}

func (b *builder) assembleOnBase(ctx context.Context, t *target) (v1.Image, error) {
	var adds []image.Addition
	if t.accounts {
		l, err := b.accountsLayer(ctx, t.facts, t.acct)
		if err != nil {
			return nil, err
		}
		adds = append(adds, image.Addition{Layer: l, History: b.history(fmt.Sprintf("pyko: user %s (%s)", t.acct.Name, t.acct))})
	}
	top, err := b.pythonAndApp(ctx, t)
	if err != nil {
		return nil, err
	}
	adds = append(adds, top...)
	baseCfg, err := t.base.Image.ConfigFile()
	if err != nil {
		return nil, fmt.Errorf("reading base image config: %w", err)
	}
	spec := t.spec
	spec.Annotations, spec.Created = b.annotations(b.o.Base, t.base.Digest), b.created()
	return image.Assemble(t.base.Image, adds, image.Config(baseCfg, spec, t.facts), spec.Annotations)
}

// pythonAndApp are the layers every image ends with: the venv and its
// packages (when there is one), then the app.
func (b *builder) pythonAndApp(ctx context.Context, t *target) ([]image.Addition, error) {
	adds, err := b.pythonLayers(ctx, t.py, t.wheels)
	if err != nil {
		return nil, err
	}
	app, err := b.appLayer(ctx, minorOf(t.interp))
	if err != nil {
		return nil, err
	}
	return append(adds, image.Addition{Layer: app, History: b.history("pyko: app files in " + AppDir)}), nil
}

// entrypoint is --entrypoint; else the project's one console script;
// else main.py or app.py run by interp.
func (b *builder) entrypoint(interp string) ([]string, error) {
	if b.o.Entrypoint == "" && b.self != nil && len(b.self.Scripts) == 1 {
		for name := range b.self.Scripts {
			return []string{VenvDir + "/bin/" + name}, nil
		}
	}
	needsInterp := !strings.HasPrefix(strings.TrimSpace(b.o.Entrypoint), "[")
	if needsInterp && interp == "" {
		return nil, fmt.Errorf("base image %s has no python3.N in /usr/bin or /usr/local/bin: use a Python base image or pass --entrypoint as a JSON array", b.o.Base)
	}
	return b.proj.Entrypoint(b.o.Entrypoint, b.files, interp, AppDir)
}

func (b *builder) history(createdBy string) v1.History {
	return v1.History{Created: v1.Time{Time: b.created().UTC()}, CreatedBy: createdBy, Comment: "pyko"}
}

// accountsLayer adds the run-as user to /etc/passwd and /etc/group when the
// base does not have it, with a home directory it owns. It returns nil when
// nothing is missing.
func (b *builder) accountsLayer(ctx context.Context, facts *image.Facts, a image.Account) (*layer.Layer, error) {
	passwd, group, changed := image.Accounts(facts, a)
	if !changed {
		return nil, nil
	}
	entries := []layer.Entry{
		textEntry("etc/passwd", passwd),
		textEntry("etc/group", group),
	}
	if a.Home != "" && a.Home != "/" {
		entries = append(entries, layer.Entry{Path: strings.TrimPrefix(a.Home, "/"), Mode: fs.ModeDir | 0o755, UID: a.UID, GID: a.GID})
	}
	l, err := layer.New(ctx, entries, b.layerOpts()...)
	if err != nil {
		return nil, fmt.Errorf("writing the user layer: %w", err)
	}
	return l, nil
}

func textEntry(path string, b []byte) layer.Entry {
	return layer.Entry{Path: path, Mode: 0o644, Size: int64(len(b)), Open: func() (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader(string(b))), nil
	}}
}

// runInterpreter is what the entrypoint runs: the venv's python when there
// is a venv (so its packages are found), else the image's.
func (b *builder) runInterpreter(interp string) string {
	if b.hasVenv() && interp != "" {
		return VenvDir + "/bin/python"
	}
	return interp
}

// baseTarget is the wheel target of a base image: its interpreter, and
// the glibc and CPython versions its package database records.
func (b *builder) baseTarget(p v1.Platform, facts *image.Facts, interp string) (pyTarget, error) {
	if interp == "" {
		return pyTarget{}, fmt.Errorf("base image %s has no python3.N in /usr/bin or /usr/local/bin to install Python packages for", b.o.Base)
	}
	machine, err := repository.Arch(p.Architecture, p.Variant)
	if err != nil {
		return pyTarget{}, err
	}
	python := facts.Python
	if minor := strings.TrimPrefix(path.Base(interp), "python"); !strings.HasPrefix(python, minor+".") {
		python = minor // a Python of its own in /usr/local: the patch level is unknown
	}
	glibc := facts.Glibc
	if glibc == "" {
		b.log.Warn("the base image records no glibc version; choosing wheels for manylinux2014 (glibc 2.17)", "base", b.o.Base)
		glibc = "2.17"
	}
	return newPyTarget(python, glibc, machine, interp)
}
