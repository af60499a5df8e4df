package build

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/pyko-dev/pyko/internal/apk/signature"
	"github.com/pyko-dev/pyko/internal/executor"
	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/project"
	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/simpleapi"
)

// planner makes one build's plan. It holds the project, the checked
// options and the clients planning opened, which the executor reuses.
type planner struct {
	log  *slog.Logger
	o    Options
	c    *checked
	proj *project.Project
	tmp  string
	// files are the app's files; appFiles the same as the plan lists them.
	files    []project.File
	appFiles []plan.AppFile
	// pyLock is the project's Python lockfile, nil without one; self is
	// the project as a distribution, nil when it is not a package.
	pyLock lock.Lockfile
	self   *plan.Self
	// Opened on first use.
	fetch *fetch.Client
	index *simpleapi.Client
	keys  signature.Keyring
	base  *image.Base
}

// plan reads the project's files, its Python lockfile and whether it is
// a package, then plans the image.
func (b *planner) plan(ctx context.Context) (*plan.Plan, error) {
	files, err := b.proj.Files(ctx)
	if err != nil {
		return nil, err
	}
	b.files = files
	if b.appFiles, err = appFiles(files); err != nil {
		return nil, err
	}
	if b.pyLock, err = b.findPythonLock(ctx); err != nil {
		return nil, err
	}
	if b.self, err = b.projectDist(); err != nil {
		return nil, err
	}
	return b.planImage(ctx)
}

// fetcher is the build's download client, made on first use and shared
// by the OS packages, the wheels and the executor.
func (b *planner) fetcher() (*fetch.Client, error) {
	if b.fetch != nil {
		return b.fetch, nil
	}
	c, err := newFetcher(b.o, b.log)
	if err != nil {
		return nil, err
	}
	b.fetch = c
	return c, nil
}

func newFetcher(o Options, log *slog.Logger) (*fetch.Client, error) {
	c, err := fetch.New(o.CacheDir, fetch.WithOffline(o.Offline), fetch.WithLogger(log))
	if err != nil {
		return nil, fmt.Errorf("opening the download cache: %w", err)
	}
	return c, nil
}

// means hands the executor what planning opened: the download client,
// the keys, the base, the index credentials.
func (b *planner) means() executor.Options {
	xo := executor.Options{Log: b.log, Fetch: b.fetch, TempDir: b.tmp, ProjectDir: b.proj.Dir, Keys: b.keys,
		Repositories: b.o.repositories(), Base: b.base, BaseOptions: image.BaseOptions{Insecure: b.o.Insecure, TempDir: b.tmp}}
	if b.index != nil {
		xo.Auth = b.index.AuthURL
	}
	if xo.Fetch == nil {
		// A base image without Python packages needs no download client;
		// the executor still gets one, made lazily here.
		xo.Fetch, _ = b.fetcher()
	}
	return xo
}

func (b *planner) lockName() string { return filepath.Base(b.pyLock.Path()) }
