package build

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"slices"

	"github.com/pyko-dev/pyko/internal/apk/repository"
	"github.com/pyko-dev/pyko/internal/executor"
	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/python/simpleapi"
	"github.com/pyko-dev/pyko/internal/usage"
)

// planFlags are the flags that shape the image: with --from-plan the
// plan has decided all of them, so giving one is a mistake.
var planFlags = []string{"base", "platform", "user", "env", "label", "annotation", "healthcheck", "entrypoint", "compression", "python", "package",
	"shell", "os-layers", "lock", "group", "extra", "find-links", "venv-pip", "no-index", "plan-file",
	"build-package", "no-build", "only-binary", "stop-signal", "no-compile", "sbom"}

// FromPlan builds exactly the plan in o.FromPlan and publishes it: no APK
// index and no package index is read, every byte is checked against the
// plan, and the app's files are read from o.Dir and checked against the
// plan's hashes. The digest is the one pyko build gives on the inputs the
// plan was made from.
func FromPlan(ctx context.Context, log *slog.Logger, o Options) (*Result, error) {
	for _, f := range planFlags {
		if o.flagSet()(f) {
			return nil, usage.Wrap(fmt.Errorf("--%s shapes the image, which the plan %s decides: drop it, or make a new plan with it", f, o.FromPlan))
		}
	}
	p, err := readPlan(o.FromPlan)
	if err != nil {
		return nil, err
	}
	_, c, err := load(ctx, &o)
	if err != nil {
		return nil, err
	}
	if err := checkPlan(p, o.FromPlan); err != nil {
		return nil, err
	}
	j, err := o.start(log, c)
	if err != nil {
		return nil, err
	}
	defer j.close()
	xo, err := planMeans(ctx, log, j.fetch, o, p, j.tmp)
	if err != nil {
		return nil, err
	}
	return j.build(ctx, log, p, xo, o)
}

func readPlan(path string) (*plan.Plan, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usage.Wrap(fmt.Errorf("--from-plan: %w", err))
	}
	defer f.Close()
	p, err := plan.Read(f)
	if err != nil {
		return nil, fmt.Errorf("reading plan %s: %w", path, err)
	}
	return p, nil
}

// checkPlan verifies the plan and asks for what only a reviewed plan
// needs: a hash (sha256, sha384 or sha512) for every wheel, since nothing
// else vouches for it.
func checkPlan(p *plan.Plan, path string) error {
	if err := plan.Verify(p); err != nil {
		return fmt.Errorf("checking plan %s: %w", path, err)
	}
	for _, pl := range p.Platforms {
		for _, w := range pl.Wheels {
			if w.SHA256 == "" && len(w.Hashes) == 0 {
				return fmt.Errorf("checking plan %s: %s: wheel %s has no sha256, sha384 or sha512 to check it against: pin hashes in the lockfile and plan again", path, pl.Platform, w.ID())
			}
		}
	}
	return nil
}

// planMeans opens what executing p needs: the download cache, the APK
// keys the plan trusts (from --keyring, else where the plan read them),
// credentials for the repositories and wheel URLs.
func planMeans(ctx context.Context, log *slog.Logger, fc *fetch.Client, o Options, p *plan.Plan, tmp string) (executor.Options, error) {
	var err error
	xo := executor.Options{Log: log, Fetch: fc, TempDir: tmp, ProjectDir: o.Dir, Repositories: o.Repositories,
		BaseOptions: image.BaseOptions{Insecure: o.Insecure, TempDir: tmp, Timeout: o.httpTimeout()}}
	if sources := keySources(o, p); len(sources) > 0 {
		if xo.Keys, err = repository.LoadKeys(ctx, fc, sources); err != nil {
			return xo, fetch.Advise(err)
		}
	}
	idx, err := simpleapi.New(fc, simpleapi.Order(o.IndexURL, o.ExtraIndexURLs), simpleapi.WithLogger(log))
	if err != nil {
		return xo, usage.Wrap(err)
	}
	xo.Auth = idx.AuthURL
	xo.Builder = o.builder(log, fc, idx, idx.AuthURL, tmp)
	xo.LayerRemote = o.layerRemote()
	xo.Progress = o.layerProgress()
	return xo, nil
}

// keySources are --keyring when given, else every key source the plan
// names.
func keySources(o Options, p *plan.Plan) []string {
	if len(o.Keyrings) > 0 {
		return o.Keyrings
	}
	var out []string
	for _, pl := range p.Platforms {
		for _, o := range []*plan.OS{pl.OS, pl.BuildRoot} {
			if o == nil {
				continue
			}
			for _, k := range o.Keys {
				if !slices.Contains(out, k.Source) {
					out = append(out, k.Source)
				}
			}
		}
	}
	return out
}
