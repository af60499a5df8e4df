package build

import (
	"log/slog"

	"github.com/pyko-dev/pyko/internal/executor"
	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/planner"
)

// planning is what the planner needs of o: the options that shape the
// image, parsed.
func (o *Options) planning(c *checked, tmp string) planner.Options {
	return planner.Options{Base: o.Base, Insecure: o.Insecure, Platforms: c.platforms, User: o.User, Env: o.Env,
		Labels: c.labels, Entrypoint: o.Entrypoint, Python: o.Python, Repositories: o.Repositories, Keyrings: o.Keyrings,
		Packages: o.Packages, Shell: o.Shell, OSLayers: o.OSLayers, Offline: o.Offline, CacheDir: o.CacheDir,
		Lock: o.Lock, Groups: o.Groups, Extras: o.Extras, IndexURL: o.IndexURL, ExtraIndexURLs: o.ExtraIndexURLs,
		FindLinks: o.FindLinks, NoIndex: o.NoIndex, VenvPip: o.VenvPip, LargePackage: o.LargePackage,
		Compression: c.compression, Created: o.Created, TempDir: tmp}
}

// executing hands the executor what planning opened; a download client
// is opened when planning needed none (a base without Python packages).
func (o *Options) executing(log *slog.Logger, op *planner.Opened, projectDir, tmp string) (executor.Options, error) {
	xo := executor.Options{Log: log, Fetch: op.Fetch, TempDir: tmp, ProjectDir: projectDir, Keys: op.Keys,
		Repositories: op.Repositories, Auth: op.Auth, Base: op.Base,
		BaseOptions: image.BaseOptions{Insecure: o.Insecure, TempDir: tmp}}
	if xo.Fetch == nil {
		var err error
		if xo.Fetch, err = planner.NewFetcher(o.CacheDir, o.Offline, log); err != nil {
			return xo, err
		}
	}
	return xo, nil
}
