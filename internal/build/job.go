package build

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/pyko-dev/pyko/internal/executor"
	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/publish"
	"github.com/pyko-dev/pyko/internal/scratch"
)

// job holds what one build works with besides the plan: the outputs, the
// temporary directory layer blobs live in until they are published, and
// the download client with its tally.
type job struct {
	outs  []output
	tmp   string
	dir   *scratch.Dir // tmp, locked while the build runs
	fetch *fetch.Client
	tally fetch.Tally
	// kept is where a build given no output writes the image.
	kept string
	// timings holds the start and the planning time of the build.
	timings Timings
}

// start makes the publishers (a bad output fails before any work), the
// temporary directory and the download client. close removes the
// directory.
func (o *Options) start(log *slog.Logger, c *checked) (*job, error) {
	outs, err := o.outputs(log, c)
	if err != nil {
		return nil, err
	}
	j := &job{outs: outs}
	// Spool directories of runs that were killed are never removed by
	// them; the lock keeps a live run's out of reach.
	scratch.Prune(log, o.TempDir, scratchAge, scratchPrefixes...)
	if j.dir, err = scratch.Make(o.TempDir, "pyko-build-"); err != nil {
		return nil, err
	}
	j.tmp = j.dir.Path
	if j.fetch, err = o.fetcher(log, &j.tally); err != nil {
		j.close()
		return nil, err
	}
	if len(j.outs) == 0 {
		if err := j.keepInCache(log, o); err != nil {
			j.close()
			return nil, err
		}
	}
	return j, nil
}

// keepInCache makes the output of a build given none: an OCI layout
// under the cache, named after the project directory, so the image is
// not built for nothing; the build says where.
func (j *job) keepInCache(log *slog.Logger, o *Options) error {
	name := filepath.Base(filepath.Clean(o.Dir))
	if name == "." || name == "/" || name == "" {
		name = "image"
	}
	j.kept = "oci:" + filepath.Join(j.fetch.Dir(), "images", name) + ":latest"
	t, err := publish.ParseOutput(j.kept)
	if err != nil {
		return err
	}
	p, err := publish.New(t, nil, publish.WithLogger(log))
	if err != nil {
		return err
	}
	j.outs = append(j.outs, output{pub: p, path: t.Path})
	return nil
}

func (j *job) close() { j.dir.Remove() }

// scratchPrefixes name the directories pyko makes in TMPDIR; scratchAge is
// how old one must be before Prune looks at its lock.
var scratchPrefixes = []string{"pyko-build-", "pyko-plan-"}

const scratchAge = 10 * time.Minute

// build verifies p, has the executor build it, publishes the result to
// every output and says what was downloaded.
func (j *job) build(ctx context.Context, log *slog.Logger, p *plan.Plan, xo executor.Options, o Options) (*Result, error) {
	if err := plan.Verify(p); err != nil {
		return nil, fmt.Errorf("checking the plan: %w", err)
	}
	if j.kept != "" {
		log.Warn("no output given: the image goes to " + j.kept + "; pass -o oci:DIR, -o docker-archive:FILE or -t REF --push to put it where you want it")
	}
	began := time.Now()
	xr, err := executor.Execute(ctx, p, xo)
	if err != nil {
		return nil, err
	}
	res := &Result{Digest: xr.Digest, Image: xr.Image, Index: xr.Index, Platforms: xr.Platforms, Tags: o.Tags, SBOMs: xr.SBOMs, Timings: j.timings}
	res.Timings.Execute = time.Since(began)
	if res.Timings.Start.IsZero() {
		res.Timings.Start = began
	}
	res.Timings.Fetched, res.Timings.Bytes, res.Timings.Cached = j.tally.Counts()
	if !o.NoProvenance {
		if res.Provenance, err = provenanceOf(p, res, o); err != nil {
			return nil, err
		}
	}
	if err := publishAll(ctx, log, j.outs, res, o.MetadataFile, o.signer); err != nil {
		return nil, err
	}
	if o.SBOMDir != "" {
		if err := writeSBOMs(log, o.SBOMDir, res.SBOMs); err != nil {
			return nil, err
		}
	}
	if o.ProvenanceFile != "" && res.Provenance != nil {
		if err := writeProvenance(log, o.ProvenanceFile, res.Provenance); err != nil {
			return nil, err
		}
	}
	fetched, bytes, cached := res.Timings.Fetched, res.Timings.Bytes, res.Timings.Cached
	log.Info("downloads", "fetched", fetched, "bytes", bytes, "from cache", cached)
	return res, nil
}
