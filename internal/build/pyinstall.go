package build

import (
	"cmp"
	"context"
	"crypto/sha256"
	"fmt"
	"slices"

	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/simpleapi"
	"github.com/pyko-dev/pyko/internal/python/venv"
	"github.com/pyko-dev/pyko/internal/python/wheel"
)

// VenvDir is the virtual environment's path in the image.
const VenvDir = AppDir + "/venv"

// DefaultLargePackage is the installed size above which a Python package
// gets a layer of its own, so that bumping a small dependency does not
// re-upload numpy.
const DefaultLargePackage = 20 << 20

// indexClient is the package index client, made on first use: the
// lockfile's indexes, then the flags' (which win).
func (b *builder) indexClient() (*simpleapi.Client, error) {
	if b.index != nil {
		return b.index, nil
	}
	fc, err := b.fetcher()
	if err != nil {
		return nil, err
	}
	var li lock.Indexes
	if b.pyLock != nil {
		li = b.pyLock.Indexes()
	}
	indexURL := cmp.Or(b.o.IndexURL, li.IndexURL)
	extras := append(slices.Clone(li.ExtraIndexURLs), b.o.ExtraIndexURLs...)
	links := append(slices.Clone(li.FindLinks), b.o.FindLinks...)
	indexes := simpleapi.Order(indexURL, extras)
	if nx, ok := b.pyLock.(interface{ NoIndex() bool }); b.o.NoIndex || (ok && nx.NoIndex()) {
		indexes = nil
	}
	c, err := simpleapi.New(fc, indexes, simpleapi.WithFindLinks(links...), simpleapi.WithLogger(b.log))
	if err != nil {
		return nil, usagef(err)
	}
	b.index = c
	return c, nil
}

// pythonWheels plans the third-party packages for t: the lockfile's,
// and pip with --venv-pip. Only metadata is read: nothing is downloaded.
func (b *builder) pythonWheels(ctx context.Context, t pyTarget) ([]plan.Wheel, error) {
	if b.pyLock == nil && !b.o.VenvPip {
		return nil, nil
	}
	idx, err := b.indexClient()
	if err != nil {
		return nil, err
	}
	var wheels []plan.Wheel
	if b.pyLock != nil {
		if wheels, err = b.planWheels(ctx, b.pyLock, idx, t); err != nil {
			return nil, err
		}
	}
	if b.o.VenvPip && !slices.ContainsFunc(wheels, func(w plan.Wheel) bool { return w.Name == "pip" }) {
		pip, err := b.newestWheel(ctx, idx, "pip", t)
		if err != nil {
			return nil, fmt.Errorf("--venv-pip: %w", err)
		}
		wheels = append(wheels, pip)
	}
	return wheels, nil
}

// isLarge says whether a wheel gets a layer of its own. It is decided on
// the file size, which the plan knows before anything is downloaded.
func (b *builder) isLarge(w plan.Wheel) bool { return w.Size > b.largePackage() }

// pythonLayers fetches and installs the planned wheels into the venv and
// returns their layers: each large package alone, the rest (with the venv
// itself) together. Without a venv there is nothing to do.
func (b *builder) pythonLayers(ctx context.Context, t pyTarget, wheels []plan.Wheel) ([]image.Addition, error) {
	if !b.hasVenv() {
		return nil, nil
	}
	var paths []string
	if len(wheels) > 0 {
		idx, err := b.indexClient()
		if err != nil {
			return nil, err
		}
		if paths, err = b.fetchWheels(ctx, idx, wheels); err != nil {
			return nil, err
		}
	}
	minor := fmt.Sprintf("%d.%d", t.tags.PythonMajor, t.tags.PythonMinor)
	lay := wheel.Layout{Prefix: VenvDir, PythonVersion: minor, Interpreter: VenvDir + "/bin/python"}
	spec := venv.Spec{Prefix: VenvDir, Interpreter: t.interp, Version: t.full}
	if err := spec.Validate(); err != nil {
		return nil, err
	}
	small := venv.Entries(spec)
	var adds []image.Addition
	var smallNames []string
	owners := map[string]string{}
	for i, w := range wheels {
		inst, err := wheel.Install(ctx, paths[i], lay, wheel.WithLogger(b.log))
		if err != nil {
			return nil, fmt.Errorf("installing %s: %w", w.Filename, err)
		}
		b.warnOverlaps(owners, w.Name, inst.Entries)
		if !b.isLarge(w) {
			small = append(small, inst.Entries...)
			smallNames = append(smallNames, w.Name+"=="+w.Version)
			continue
		}
		l, err := layer.New(ctx, dedupe(inst.Entries), b.layerOpts()...)
		if err != nil {
			return nil, fmt.Errorf("writing the layer of %s: %w", w.Filename, err)
		}
		adds = append(adds, image.Addition{Layer: l, History: b.history("pyko: python package " + w.Name + "==" + w.Version)})
	}
	l, err := layer.New(ctx, dedupe(small), b.layerOpts()...)
	if err != nil {
		return nil, fmt.Errorf("writing the python packages layer: %w", err)
	}
	first := image.Addition{Layer: l, History: b.history(fmt.Sprintf("pyko: venv %s and %d python packages", VenvDir, len(smallNames)))}
	return append([]image.Addition{first}, adds...), nil
}

// warnOverlaps logs files that two wheels both install. pip lets the
// later one win; here the first (by name) wins in a shared layer and the
// upper layer across layers, so the user should hear of it.
func (b *builder) warnOverlaps(owners map[string]string, name string, es []layer.Entry) {
	for _, e := range es {
		if e.Mode.IsDir() {
			continue
		}
		if first, ok := owners[e.Path]; ok && first != name {
			b.log.Warn("two Python packages install the same file", "path", "/"+e.Path, "packages", first+" "+name)
			continue
		}
		owners[e.Path] = name
	}
}

func (b *builder) largePackage() int64 {
	if b.o.LargePackage > 0 {
		return b.o.LargePackage
	}
	return DefaultLargePackage
}

// fetchWheels downloads the wheels in parallel into the cache, each
// verified against its sha256 before it is used.
func (b *builder) fetchWheels(ctx context.Context, idx *simpleapi.Client, wheels []plan.Wheel) ([]string, error) {
	fc, err := b.fetcher()
	if err != nil {
		return nil, err
	}
	var wants []fetch.Want
	for _, w := range wheels {
		u, err := idx.AuthURL(w.URL)
		if err != nil {
			return nil, err
		}
		// The key ends in the file name: the installer reads the wheel's
		// name and tags from it.
		key := "wheels/url/" + fmt.Sprintf("%x", sha256.Sum256([]byte(w.URL))) + "/" + w.Filename
		if w.SHA256 != "" {
			key = "wheels/sha256/" + w.SHA256 + "/" + w.Filename
		}
		wants = append(wants, fetch.Want{URL: u, Key: key, SHA256: w.SHA256})
	}
	return fc.FetchAll(ctx, wants)
}
