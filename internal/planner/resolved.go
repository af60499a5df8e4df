package planner

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/project"
	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep508"
	"github.com/pyko-dev/pyko/internal/python/resolve"
	"github.com/pyko-dev/pyko/internal/python/simpleapi"
	"github.com/pyko-dev/pyko/internal/python/tags"
	"github.com/pyko-dev/pyko/internal/target"
	"github.com/pyko-dev/pyko/internal/usage"
)

// resolvedWheels plans a project whose dependencies ([project]
// dependencies) no lockfile pins: they are resolved for t from the index,
// as pip install would, and the result is in the plan.
func (b *planner) resolvedWheels(ctx context.Context, idx *simpleapi.Client, t target.Target) ([]plan.Wheel, error) {
	tt, err := t.Tags()
	if err != nil {
		return nil, err
	}
	root, err := b.projectRoot()
	if err != nil {
		return nil, err
	}
	return b.resolveRoot(ctx, root, idx, t, tt)
}

// projectRoot is what pyproject.toml asks for: [project] dependencies,
// plus the optional dependencies of each --extra and the PEP 735
// dependency group of each --group.
func (b *planner) projectRoot() (resolve.Root, error) {
	root := resolve.Root{Name: project.PyprojectFile}
	add := func(field string, lines []string) error {
		for i, line := range lines {
			r, err := pep508.ParseRequirement(line)
			if err != nil {
				return fmt.Errorf("%s %s item %d: %w", project.PyprojectFile, field, i+1, err)
			}
			root.Requirements = append(root.Requirements, r)
		}
		return nil
	}
	if err := add("[project] dependencies", b.proj.Dependencies); err != nil {
		return root, err
	}
	for _, x := range b.o.Extras {
		lines, ok := b.proj.OptionalDependencies[project.NormalizeGroup(x)]
		if !ok {
			return root, usage.Errorf("--extra %s: %s has no such extra in [project.optional-dependencies] (it has: %s)", x, project.PyprojectFile, strings.Join(slices.Sorted(maps.Keys(b.proj.OptionalDependencies)), ", "))
		}
		if err := add(fmt.Sprintf("[project.optional-dependencies] %s", x), lines); err != nil {
			return root, err
		}
	}
	for _, g := range b.o.Groups {
		lines, ok := b.proj.DependencyGroups[project.NormalizeGroup(g)]
		if !ok {
			return root, usage.Errorf("--group %s: %s has no such group in [dependency-groups] (it has: %s)", g, project.PyprojectFile, strings.Join(slices.Sorted(maps.Keys(b.proj.DependencyGroups)), ", "))
		}
		if err := add(fmt.Sprintf("[dependency-groups] %s", g), lines); err != nil {
			return root, err
		}
	}
	return root, nil
}

// resolvable is a lockfile that may leave versions open, to be resolved:
// a requirements file with lines that pin nothing.
type resolvable interface {
	Unpinned(env pep508.Environment) bool
	Requirements(env pep508.Environment) (reqs, constraints []pep508.Requirement, err error)
}

// resolveFile resolves a requirements file that does not pin every line,
// as pip install -r does.
func (b *planner) resolveFile(ctx context.Context, rl resolvable, lf lock.Lockfile, idx *simpleapi.Client, t target.Target, tt tags.Target) ([]plan.Wheel, error) {
	name := filepath.Base(lf.Path())
	if lf.RequireHashes() {
		return nil, fmt.Errorf("%s checks hashes, and then every line must pin one version (==): pin them with uv pip compile --generate-hashes or pip-compile --generate-hashes", name)
	}
	reqs, cons, err := rl.Requirements(t.Markers())
	if err != nil {
		return nil, err
	}
	return b.resolveRoot(ctx, resolve.Root{Name: name, Requirements: reqs, Constraints: cons}, idx, t, tt)
}

// resolveRoot resolves root for t and picks the wheels, saying once per
// platform that nothing locks them.
func (b *planner) resolveRoot(ctx context.Context, root resolve.Root, idx *simpleapi.Client, t target.Target, tt tags.Target) ([]plan.Wheel, error) {
	if b.o.Locked {
		return nil, fmt.Errorf("--locked: the Python dependencies in %s are not all pinned: run pyko lock (it writes pylock.toml), or pin them in a lockfile", root.Name)
	}
	pkgs, err := resolve.Resolve(ctx, root, resolve.Options{Index: idx, Fetch: b.o.Fetch, Target: t, Log: b.log, Prefer: b.prefer})
	if err != nil {
		return nil, err
	}
	if b.inputs, err = b.inputsDigest(root.Name); err != nil {
		return nil, err
	}
	b.resolvedFrom = root.Name
	b.log.Warn("the Python dependencies are not locked: resolved them now from the index; a lockfile (pylock.toml, uv.lock, poetry.lock, requirements.txt with == pins) makes builds repeatable",
		"from", root.Name, "platform", t.Machine, "packages", len(pkgs))
	return b.chooseWheels(ctx, pkgs, idx, t, tt, nil)
}
