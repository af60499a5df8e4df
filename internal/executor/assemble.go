package executor

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"golang.org/x/sync/errgroup"

	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/plan"
)

// assemble builds one platform's image: on the base, or on nothing with
// the installed OS tree; then the python and app layers; then the config.
func (x *execution) assemble(ctx context.Context, pl plan.Platform, tree *osTree, base *image.PlatformImage) (v1.Image, error) {
	// The OS, python, stdlib bytecode and app layers are made at once:
	// each is mostly compression and compiling, which run on one core.
	var adds, py, stdlib []image.Addition
	var app v1.Layer
	var wheels []wheelFacts
	x.turn = newStdlibTurn()
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		if pl.OS != nil {
			adds, err = x.osAdditions(gctx, pl, tree)
		}
		return err
	})
	g.Go(func() (err error) {
		py, wheels, err = x.pythonLayers(gctx, pl)
		return err
	})
	g.Go(func() (err error) {
		stdlib, err = x.baseStdlibLayer(gctx, pl)
		return err
	})
	g.Go(func() (err error) {
		app, err = x.appLayer(gctx, pl)
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	acct, err := x.accountsLayer(ctx, pl.Layers)
	if err != nil {
		return nil, err
	}
	adds = append(append(acct, adds...), stdlib...)
	facts := platformFacts{os: x.osFacts[pl.Platform], wheels: wheels}
	if base != nil && slices.ContainsFunc(pl.Layers, func(l plan.Layer) bool { return l.Kind == plan.KindSBOM }) {
		if facts.base, err = image.ScanCached(ctx, x.o.Log, base.Readable(), filepath.Join(x.o.Fetch.Dir(), "basefacts")); err != nil {
			return nil, fmt.Errorf("reading the base image's packages: %w", err)
		}
	}
	sbomLayer, sboms, err := x.sbomLayer(ctx, pl, facts)
	if err != nil {
		return nil, err
	}
	x.sboms[pl.Platform] = sboms
	adds = append(append(append(adds, py...), sbomLayer...), image.Addition{Layer: app, History: x.history("pyko: app files in " + x.p.App.Dir)})
	from, cfg := empty.Image, &v1.ConfigFile{}
	if base != nil {
		from = base.Image
		if cfg, err = base.Image.ConfigFile(); err != nil {
			return nil, fmt.Errorf("reading base image config: %w", err)
		}
	}
	vp, _ := v1.ParsePlatform(pl.Platform)
	annotations := x.annotations(pl.Config.Annotations)
	labels := maps.Clone(pl.Config.Labels)
	if labels == nil {
		labels = map[string]string{}
	}
	// The creation time is a label too, as the annotation says it.
	labels["org.opencontainers.image.created"] = annotations["org.opencontainers.image.created"]
	spec := image.Spec{User: pl.Config.User, WorkingDir: pl.Config.WorkingDir, Entrypoint: pl.Config.Entrypoint,
		StopSignal: pl.Config.StopSignal, Healthcheck: pl.Config.Healthcheck, Env: pl.Config.Env, Labels: labels, Created: x.created(), Platform: *vp}
	return image.Assemble(from, adds, image.Apply(cfg, spec), annotations)
}

// accountsLayer writes the planned accounts layer (the run-as user added
// to a base's /etc/passwd and /etc/group), when there is one.
func (x *execution) accountsLayer(ctx context.Context, layers []plan.Layer) ([]image.Addition, error) {
	for _, l := range layers {
		if l.Kind != plan.KindAccounts {
			continue
		}
		var entries []layer.Entry
		for _, f := range l.Files {
			e, err := fileEntry(f)
			if err != nil {
				return nil, err
			}
			entries = append(entries, e)
		}
		lay, err := x.writeLayer(ctx, "accounts", entries, x.layerOpts()...)
		if err != nil {
			return nil, fmt.Errorf("writing the user layer: %w", err)
		}
		return []image.Addition{{Layer: lay, History: x.history("pyko: " + l.Note)}}, nil
	}
	return nil, nil
}

func fileEntry(f plan.LayerFile) (layer.Entry, error) {
	perm, err := plan.ParseMode(f.Mode)
	if err != nil {
		return layer.Entry{}, fmt.Errorf("file %s: %w", f.Path, err)
	}
	e := layer.Entry{Path: f.Path, Mode: fs.FileMode(perm), UID: f.UID, GID: f.GID}
	if f.Type == "dir" {
		e.Mode |= fs.ModeDir
		return e, nil
	}
	content := f.Content
	e.Size = int64(len(content))
	e.Open = func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(content)), nil }
	return e, nil
}

// bases opens the base image of every platform built on one, each checked
// against the plan's digest.
func (x *execution) bases(ctx context.Context) ([]*image.PlatformImage, error) {
	out := make([]*image.PlatformImage, len(x.p.Platforms))
	for i, pl := range x.p.Platforms {
		if pl.Base == nil {
			continue
		}
		pi, err := x.baseImage(ctx, pl.Base)
		if err != nil {
			return nil, fmt.Errorf("the base of %s: %w", pl.Platform, err)
		}
		out[i] = pi
	}
	return out, nil
}

func (x *execution) baseOptions() image.BaseOptions {
	o := x.o.BaseOptions
	if o.TempDir == "" {
		o.TempDir = x.o.TempDir
	}
	return o
}
