package resolve

import (
	"context"
	"fmt"
	"log/slog"
	"slices"

	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/python/pep508"
	"github.com/pyko-dev/pyko/internal/python/pubgrub"
	"github.com/pyko-dev/pyko/internal/python/simpleapi"
	"github.com/pyko-dev/pyko/internal/target"
)

// Python is the virtual package standing for the interpreter.
const Python = "Python"

// Options is what a resolution needs.
type Options struct {
	Index *simpleapi.Client
	// Fetch downloads a wheel whose index offers no .metadata file.
	Fetch *fetch.Client
	// Target is the platform and the image's CPython.
	Target target.Target
	// Prefer are versions to try first, by normalised name: an existing
	// lock's pins, kept where they still fit.
	Prefer map[string]string
	Log    *slog.Logger
}

// Root is what is resolved: a name for explanations ("pyproject.toml"),
// the requirements, and the extras asked for.
type Root struct {
	Name         string
	Requirements []pep508.Requirement
	// Constraints limit a package's version when something requires it
	// (pip's -c); they do not require it.
	Constraints []pep508.Requirement
	Extras      []string
}

// Resolve returns one pinned package per dependency, sorted by name, with
// Source naming root.Name. A failure to resolve is an error whose text
// explains why, line by line.
func Resolve(ctx context.Context, root Root, o Options) ([]lock.Package, error) {
	if o.Log == nil {
		o.Log = slog.Default()
	}
	tt, err := o.Target.Tags()
	if err != nil {
		return nil, err
	}
	src := newSource(root, o, tt)
	sel, err := pubgrub.Solve(ctx, src, src.rootName, "0")
	if err != nil {
		return nil, fmt.Errorf("resolving the dependencies of %s for CPython %s on %s: %w", root.Name, o.Target.FullPython(), o.Target.Machine, err)
	}
	var out []lock.Package
	for pkg, v := range sel {
		if pkg == src.rootName || pkg == Python || isExtra(pkg) {
			continue
		}
		out = append(out, lock.Package{Name: pep503.Normalize(pkg), Version: v,
			Source: fmt.Sprintf("%s (resolved: %s %s)", root.Name, pkg, v)})
	}
	slices.SortFunc(out, func(a, b lock.Package) int {
		if a.Name < b.Name {
			return -1
		}
		if a.Name > b.Name {
			return 1
		}
		return 0
	})
	return out, nil
}
