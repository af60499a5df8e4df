package build

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/pyko-dev/pyko/internal/executor"
	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/layercache"
	"github.com/pyko-dev/pyko/internal/planner"
	"github.com/pyko-dev/pyko/internal/python/simpleapi"
	"github.com/pyko-dev/pyko/internal/srcbuild"
)

// planning is what the planner needs of o: the options that shape the
// image, parsed.
func (o *Options) planning(c *checked, fc *fetch.Client, tmp string) planner.Options {
	return planner.Options{Fetch: fc, Base: o.Base, Insecure: o.Insecure, HTTPTimeout: o.httpTimeout(), Platforms: c.platforms, User: o.User, Env: o.Env, StopSignal: o.StopSignal,
		Labels: c.labels, Annotations: c.annotations, Healthcheck: c.healthcheck, Entrypoint: o.Entrypoint, Python: o.Python, Repositories: o.Repositories, Keyrings: o.Keyrings,
		Packages: o.Packages, Shell: o.Shell, OSLayers: o.OSLayers,
		BuildPackages: o.BuildPackages, NoBuild: o.NoBuild, OnlyBinary: o.OnlyBinary, NoCompile: o.NoCompile, SBOM: c.sbom, Tool: o.Tool,
		Lock: o.Lock, Groups: o.Groups, Extras: o.Extras, IndexURL: o.IndexURL, ExtraIndexURLs: o.ExtraIndexURLs,
		FindLinks: o.FindLinks, NoIndex: o.NoIndex, NoDeps: o.NoDeps, Locked: o.Locked, VenvPip: o.VenvPip, LargePackage: o.LargePackage,
		Compression: c.compression, Created: o.Created, TempDir: tmp}
}

// executing hands the executor the download client and what planning
// opened.
func (o *Options) executing(log *slog.Logger, fc *fetch.Client, op *planner.Opened, projectDir, tmp string) executor.Options {
	xo := executor.Options{Log: log, Fetch: fc, TempDir: tmp, ProjectDir: projectDir, Keys: op.Keys,
		Repositories: op.Repositories, Auth: op.Auth, Base: op.Base,
		BaseOptions: image.BaseOptions{Insecure: o.Insecure, TempDir: tmp, Timeout: o.httpTimeout()}}
	idx, auth := op.Index, op.Auth
	if idx == nil {
		// Planning read no index (nothing to install from one), but a
		// build may need its build requirements from the configured one.
		if c, err := simpleapi.New(fc, simpleapi.Order(o.IndexURL, o.ExtraIndexURLs), simpleapi.WithFindLinks(o.FindLinks...), simpleapi.WithLogger(log)); err == nil {
			idx, auth = c, c.AuthURL
		}
	}
	xo.Builder = o.builder(log, fc, idx, auth, tmp)
	xo.LayerRemote = o.layerRemote()
	xo.Progress = o.layerProgress()
	return xo
}

// warmBase opens the base and starts making its compiler root while the
// plan is made (executor.WarmBaseRoot), the planner being handed the
// opened base: nil without a base, without bytecode, or when the base
// cannot be opened, which planning then reports.
func (o *Options) warmBase(ctx context.Context, log *slog.Logger, j *job, po *planner.Options) *executor.Warm {
	if o.Base == "" || o.NoCompile {
		return nil
	}
	base, err := image.LoadBase(ctx, o.Base, image.BaseOptions{Insecure: o.Insecure, TempDir: j.tmp, Timeout: o.httpTimeout()})
	if err != nil {
		return nil
	}
	po.OpenedBase = base
	return executor.WarmBaseRoot(ctx, log, j.fetch.Dir(), base)
}

// builder is the source builder: build requirements come from idx.
func (o *Options) builder(log *slog.Logger, fc *fetch.Client, idx *simpleapi.Client, auth func(string) (string, error), tmp string) *srcbuild.Builder {
	var sde int64
	if !o.Created.IsZero() {
		sde = o.Created.Unix()
	}
	return srcbuild.New(srcbuild.Options{Log: log, Fetch: fc, Index: idx, Auth: auth, TempDir: tmp, Timeout: o.buildTimeout, SourceDateEpoch: sde})
}

// httpTimeout is o.HTTPTimeout, or a minute.
func (o *Options) httpTimeout() time.Duration {
	if o.HTTPTimeout > 0 {
		return o.HTTPTimeout
	}
	return time.Minute
}

// fetcher opens pyko's download cache for one command; tally, when set,
// counts what it fetches, and o.Display, when set, shows it.
func (o *Options) fetcher(log *slog.Logger, tally *fetch.Tally) (*fetch.Client, error) {
	opts := []fetch.Option{fetch.WithOffline(o.Offline), fetch.WithLogger(log), fetch.WithStallTimeout(o.httpTimeout())}
	if f := o.downloadProgress(tally); f != nil {
		opts = append(opts, fetch.WithProgress(f))
	}
	c, err := fetch.New(o.CacheDir, opts...)
	if err != nil {
		return nil, fmt.Errorf("opening the download cache: %w", err)
	}
	return c, nil
}

// layerRemote is --cache-repo's repository behind the layer cache, nil
// without one.
func (o *Options) layerRemote() layercache.Remote {
	if o.cacheRepo == nil {
		return nil
	}
	return o.cacheRepo
}
