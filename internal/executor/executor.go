package executor

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/apk/install"
	"github.com/pyko-dev/pyko/internal/apk/signature"
	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/layercache"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/python/bytecode"
	"github.com/pyko-dev/pyko/internal/srcbuild"
)

// Options are the means an execution needs: clients, keys, where files
// are. None of them changes what is built.
type Options struct {
	// Log receives progress lines. Default: discarded.
	Log *slog.Logger
	// Fetch downloads and caches packages and wheels.
	Fetch *fetch.Client
	// TempDir holds layer blobs and installed trees; the caller removes it
	// after publishing.
	TempDir string
	// ProjectDir is where the plan's app files are read from.
	ProjectDir string
	// Keys are the trusted APK signing keys; each key the plan names must
	// be among them with the same fingerprint.
	Keys signature.Keyring
	// Repositories are the configured APK repository URLs, credentials
	// included: a plan names repositories without credentials, and a
	// package is fetched from the configured URL that redacts to its own.
	Repositories []string
	// Auth adds credentials to a wheel URL (netrc, the index's). Default:
	// the URL as it is.
	Auth func(url string) (string, error)
	// Base is the base image, when the caller has already opened it; else
	// it is loaded from the plan's reference with BaseOptions.
	Base        *image.Base
	BaseOptions image.BaseOptions
	// Builder builds the plan's wheels marked Build; nil when the plan
	// has none.
	Builder *srcbuild.Builder
	// LayerRemote, when set, is a second cache of finished layers behind
	// the local one (--cache-repo).
	LayerRemote layercache.Remote
	// Progress, when set, is told of each layer as it is written.
	Progress Progress
	// Warm is the base's compiler root made while the plan was (see
	// WarmBaseRoot); nil: none.
	Warm *Warm
}

// Result is a built image: exactly one of Image and Index is set.
type Result struct {
	Digest    v1.Hash
	Image     v1.Image
	Index     v1.ImageIndex
	Platforms []image.Platformed
	// SBOMs are the bills of materials in each platform's image, by
	// platform ("linux/amd64").
	SBOMs map[string][]SBOM
}

// Execute builds p. p must have passed plan.Verify.
func Execute(ctx context.Context, p *plan.Plan, o Options) (*Result, error) {
	if o.Log == nil {
		o.Log = slog.New(slog.NewTextHandler(discard{}, nil))
	}
	if o.Auth == nil {
		o.Auth = func(u string) (string, error) { return u, nil }
	}
	comp, err := layer.ParseCompression(p.Layers.Compression)
	if err != nil {
		return nil, fmt.Errorf("layerFormat.compression: %w", err)
	}
	x := &execution{o: o, p: p, compression: comp, apps: map[string]*layer.Layer{}, sonames: map[string]map[string]bool{},
		osFacts: map[string]*osFacts{}, sboms: map[string][]SBOM{},
		pycs: pycs{roots: map[string]string{}, sessions: map[string]*bytecode.Session{}, done: map[string]bytecode.Result{}}}
	x.base = o.Base
	x.layers = layercache.New(filepath.Join(o.Fetch.Dir(), "layers"), o.Log)
	if o.LayerRemote != nil {
		x.layers.WithRemote(o.LayerRemote)
	}
	if sde := p.Layers.SourceDateEpoch; sde != nil {
		x.sde = time.Unix(*sde, 0).UTC()
	}
	return x.run(ctx)
}

// execution is one run of Execute: the plan, the means, and what the
// run has made so far.
type execution struct {
	o           Options
	p           *plan.Plan
	compression layer.Compression
	// sde is SOURCE_DATE_EPOCH, zero when unset.
	sde time.Time
	// newestPackage is the newest date of the inputs: the installed APKs'
	// build dates, the base images' creation times.
	newestPackage time.Time
	// apps holds the app layer by Python minor version: platforms with
	// the same Python share it.
	apps map[string]*layer.Layer
	// sonames are the "so:" names each platform's OS packages provide, by
	// platform; a platform on a base has none.
	sonames map[string]map[string]bool
	pycs    pycs
	// trees are the platforms' installed OS trees, which a compiler's
	// root may be written from.
	trees   []*osTree
	treesMu sync.Mutex
	// opened are every tree installed (platforms' and build roots'),
	// closed when the execution ends.
	opened []*install.Tree
	// base is the last base image opened (Options.Base at first); only
	// bases and, under pycs.rootMu, the compiler open bases.
	base *image.Base
	// layers is the cache of finished layers.
	layers *layercache.Cache
	// osFacts are each platform's OS facts (none on a base); sboms each
	// platform's encoded SBOMs.
	osFacts map[string]*osFacts
	sboms   map[string][]SBOM
	// turn is the platform being assembled's (platforms are assembled
	// one after another): see wheelJobs.
	turn *stdlibTurn
}

func (x *execution) run(ctx context.Context) (*Result, error) {
	defer x.closeTrees()
	ctx, cancel := context.WithCancel(ctx)
	x.pycs.ctx = ctx
	defer func() {
		cancel()
		x.closeSessions()
	}()
	if err := x.checkBuilds(); err != nil {
		return nil, err
	}
	trees, err := x.installAll(ctx)
	if err != nil {
		return nil, err
	}
	bases, err := x.bases(ctx)
	if err != nil {
		return nil, err
	}
	if err := x.noteBaseDates(bases); err != nil {
		return nil, err
	}
	var imgs []image.Platformed
	for i, pl := range x.p.Platforms {
		img, err := x.assemble(ctx, pl, trees[i], bases[i])
		if err != nil {
			return nil, fmt.Errorf("building for %s: %w", pl.Platform, err)
		}
		vp, _ := v1.ParsePlatform(pl.Platform)
		imgs = append(imgs, image.Platformed{Platform: *vp, Image: img})
	}
	return x.result(imgs)
}

// closeTrees closes the installed trees: their layers are written.
func (x *execution) closeTrees() {
	x.treesMu.Lock()
	defer x.treesMu.Unlock()
	for _, t := range x.opened {
		if err := t.Close(); err != nil {
			x.o.Log.Debug("closing an installed tree", "error", err)
		}
	}
}

// result is one image, or an index when there are several platforms.
func (x *execution) result(imgs []image.Platformed) (*Result, error) {
	res := &Result{Platforms: imgs, SBOMs: x.sboms}
	var err error
	if len(imgs) == 1 {
		res.Image = imgs[0].Image
		res.Digest, err = res.Image.Digest()
	} else if res.Index, err = image.Index(imgs, x.annotations(x.p.IndexAnnotations)); err == nil {
		res.Digest, err = res.Index.Digest()
	}
	if err != nil {
		return nil, fmt.Errorf("computing the image digest: %w", err)
	}
	return res, nil
}

func (x *execution) tempDir(prefix string) (string, error) {
	dir, err := os.MkdirTemp(x.o.TempDir, prefix)
	if err != nil {
		return "", fmt.Errorf("creating a temporary directory: %w", err)
	}
	return dir, nil
}

type discard struct{}

func (discard) Write(b []byte) (int, error) { return len(b), nil }
