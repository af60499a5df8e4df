package planner

import (
	"context"
	"fmt"

	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/project"
	"github.com/pyko-dev/pyko/internal/python/pep508"
	"github.com/pyko-dev/pyko/internal/python/resolve"
	"github.com/pyko-dev/pyko/internal/python/simpleapi"
	"github.com/pyko-dev/pyko/internal/target"
)

// resolvedWheels plans a project whose dependencies ([project]
// dependencies) no lockfile pins: they are resolved for t from the index,
// as pip install would, and the result is in the plan.
func (b *planner) resolvedWheels(ctx context.Context, idx *simpleapi.Client, t target.Target) ([]plan.Wheel, error) {
	tt, err := t.Tags()
	if err != nil {
		return nil, err
	}
	root := resolve.Root{Name: project.PyprojectFile}
	for i, line := range b.proj.Dependencies {
		r, err := pep508.ParseRequirement(line)
		if err != nil {
			return nil, fmt.Errorf("%s [project] dependencies item %d: %w", project.PyprojectFile, i+1, err)
		}
		root.Requirements = append(root.Requirements, r)
	}
	pkgs, err := resolve.Resolve(ctx, root, resolve.Options{Index: idx, Fetch: b.o.Fetch, Target: t, Log: b.log})
	if err != nil {
		return nil, err
	}
	b.log.Warn("the Python dependencies are not locked: resolved them now from the index; a lockfile (pylock.toml, uv.lock, poetry.lock, requirements.txt with == pins) makes builds repeatable",
		"platform", t.Machine, "packages", len(pkgs))
	return b.chooseWheels(ctx, pkgs, idx, t, tt, nil)
}
