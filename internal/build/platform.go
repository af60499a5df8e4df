package build

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/project"
)

// platform builds one platform's image on its base image.
func (b *builder) platform(ctx context.Context, base *image.Base, pi image.PlatformImage, files []project.File, app *layer.Layer) (v1.Image, error) {
	facts, err := image.Scan(ctx, pi.Image)
	if err != nil {
		return nil, fmt.Errorf("reading base image %s: %w", base.Name, err)
	}
	acct, err := image.ParseUser(b.o.User, facts)
	if err != nil {
		return nil, usagef(err)
	}
	interp, _ := facts.Interpreter()
	ep, err := b.entrypoint(files, interp)
	if err != nil {
		return nil, err
	}
	var adds []image.Addition
	if l, err := b.accountsLayer(ctx, facts, acct); err != nil {
		return nil, err
	} else if l != nil {
		adds = append(adds, image.Addition{Layer: l, History: b.history(fmt.Sprintf("pyko: user %s (%s)", acct.Name, acct))})
	}
	adds = append(adds, image.Addition{Layer: app, History: b.history("pyko: app files in " + AppDir)})
	baseCfg, err := pi.Image.ConfigFile()
	if err != nil {
		return nil, fmt.Errorf("reading base image config: %w", err)
	}
	spec := image.Spec{
		User:        acct.String(),
		WorkingDir:  AppDir,
		Entrypoint:  ep,
		PathPrefix:  AppDir + "/venv/bin",
		Env:         b.o.Env,
		Labels:      b.c.labels,
		Annotations: b.annotations(base.Name, pi.Digest),
		Created:     b.created(),
		Platform:    pi.Platform,
	}
	return image.Assemble(pi.Image, adds, image.Config(baseCfg, spec, facts), spec.Annotations)
}

func (b *builder) entrypoint(files []project.File, interp string) ([]string, error) {
	needsInterp := !strings.HasPrefix(strings.TrimSpace(b.o.Entrypoint), "[")
	if needsInterp && interp == "" {
		return nil, fmt.Errorf("base image %s has no python3.N in /usr/bin or /usr/local/bin: use a Python base image or pass --entrypoint as a JSON array", b.o.Base)
	}
	return b.proj.Entrypoint(b.o.Entrypoint, files, interp, AppDir)
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
