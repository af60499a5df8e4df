package planner

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/simpleapi"
	"github.com/pyko-dev/pyko/internal/target"
	"github.com/pyko-dev/pyko/internal/usage"
)

// VenvDir is the virtual environment's path in the image.
const VenvDir = AppDir + "/venv"

// indexClient is the package index client, made on first use: the
// lockfile's indexes, then the flags' (which win).
func (b *planner) indexClient() (*simpleapi.Client, error) {
	if b.index != nil {
		return b.index, nil
	}
	fc := b.o.Fetch
	var li lock.Indexes
	if b.lockfile != nil {
		li = b.lockfile.Indexes()
	}
	indexURL := cmp.Or(b.o.IndexURL, li.IndexURL)
	extras := append(slices.Clone(li.ExtraIndexURLs), b.o.ExtraIndexURLs...)
	links := append(slices.Clone(li.FindLinks), b.o.FindLinks...)
	indexes := simpleapi.Order(indexURL, extras)
	if nx, ok := b.lockfile.(interface{ NoIndex() bool }); b.o.NoIndex || (ok && nx.NoIndex()) {
		indexes = nil
	}
	c, err := simpleapi.New(fc, indexes, simpleapi.WithFindLinks(links...), simpleapi.WithLogger(b.log))
	if err != nil {
		return nil, usage.Wrap(err)
	}
	b.index = c
	return c, nil
}

// pythonWheels plans the third-party packages for t: the lockfile's,
// and pip with --venv-pip. Only metadata is read: nothing is downloaded.
func (b *planner) pythonWheels(ctx context.Context, t target.Target) ([]plan.Wheel, error) {
	if b.lockfile == nil && !b.unlocked() && !b.o.VenvPip {
		return nil, nil
	}
	idx, err := b.indexClient()
	if err != nil {
		return nil, err
	}
	var wheels []plan.Wheel
	switch {
	case b.lockfile != nil:
		if wheels, err = b.planWheels(ctx, b.lockfile, idx, t); err != nil {
			return nil, err
		}
		if err := b.checkComplete(ctx, idx, t, wheels, b.lockName()); err != nil {
			return nil, err
		}
	case b.unlocked():
		if wheels, err = b.resolvedWheels(ctx, idx, t); err != nil {
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
