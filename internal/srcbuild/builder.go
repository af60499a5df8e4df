package srcbuild

import (
	"context"

	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/pyko-dev/pyko/internal/binfmt"
	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/python/pep517"
	"github.com/pyko-dev/pyko/internal/python/sdist"
	"github.com/pyko-dev/pyko/internal/python/simpleapi"
	"github.com/pyko-dev/pyko/internal/python/wheelname"
	"github.com/pyko-dev/pyko/internal/target"
)

// minEpoch is 1980-01-01: ZIP cannot store an older date, so a wheel's
// SOURCE_DATE_EPOCH is clamped to it (pyko's default is 0).
const minEpoch = 315532800

// DefaultTimeout limits one build.
const DefaultTimeout = 30 * time.Minute

// Options are the builder's means.
type Options struct {
	Log *slog.Logger
	// Fetch downloads the build requirements and holds the cache of
	// built wheels (under Fetch.Dir()/built).
	Fetch *fetch.Client
	// Index is where build requirements are found.
	Index *simpleapi.Client
	// Auth adds credentials to a wheel URL.
	Auth func(string) (string, error)
	// TempDir holds the unpacked source and the build environment.
	TempDir string
	// Timeout limits one build; zero is DefaultTimeout.
	Timeout time.Duration
	// SourceDateEpoch is the build's SOURCE_DATE_EPOCH, raised to 1980.
	SourceDateEpoch int64
}

// Builder builds wheels from source. It is not safe for concurrent use.
type Builder struct{ o Options }

// New returns a builder.
func New(o Options) *Builder {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Auth == nil {
		o.Auth = func(u string) (string, error) { return u, nil }
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	o.SourceDateEpoch = max(o.SourceDateEpoch, minEpoch)
	return &Builder{o: o}
}

// Request is one wheel to build.
type Request struct {
	// Wheel is the plan's wheel (Build set). The source is Sdist, the
	// verified archive, or Dir, a tree the caller prepared (a directory's
	// checked copy, a git checkout) that the build may write in;
	// SourceKey identifies Dir's content for the cache (a digest of the
	// files, a commit).
	Wheel     plan.Wheel
	Sdist     string
	Dir       string
	SourceKey string
	// Target is the platform the wheel is for: its Python, tags, markers.
	Target target.Target
	// RootKey identifies the build root's package set; Root makes the
	// build root (once) and returns its directory.
	RootKey string
	Root    func(context.Context) (string, error)
}

// HostArch is the APK architecture this machine builds natively, by
// target's one mapping of platforms ("" on a machine Wolfi has no
// packages for).
func HostArch() string {
	t, err := target.For(target.Host())
	if err != nil {
		return ""
	}
	return t.APKArch
}

// CanBuild says whether this machine runs programs of the APK
// architecture arch in the sandbox: natively, or through a binfmt_misc
// emulator registered with the F flag (then the build root of arch runs
// under it, slowly). The error says why not.
func CanBuild(arch string) error {
	if arch == HostArch() {
		return nil
	}
	_, err := binfmt.Emulator(binfmt.Dir, arch)
	return err
}

// Build returns the path of the built wheel for r: from the cache, or
// built now. The file must only be read.
func (b *Builder) Build(ctx context.Context, r Request) (string, error) {
	w := r.Wheel
	if err := CanBuild(r.Target.APKArch); err != nil {
		return "", fmt.Errorf("%s has no wheel for %s and is built from source, which this %s machine cannot do for %s: %w; or publish a wheel for %s on the index or --find-links",
			w.ID(), r.Target.Machine, HostArch(), r.Target.Machine, err, r.Target.Machine)
	}
	key, err := b.cacheKey(r)
	if err != nil {
		return "", err
	}
	if p, ok := b.cached(key, w); ok {
		b.o.Log.Info("built wheel from cache", "package", w.ID(), "wheel", filepath.Base(p))
		return p, nil
	}
	work, err := os.MkdirTemp(b.o.TempDir, "srcbuild-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(work)
	start := time.Now()
	built, err := b.build(ctx, r, work)
	if err != nil {
		return "", fmt.Errorf("building %s from %s: %w", w.ID(), w.Build.Describe(), err)
	}
	p, err := b.store(key, built)
	if err != nil {
		return "", err
	}
	b.o.Log.Info("built from source", "package", w.ID(), "wheel", filepath.Base(p), "took", time.Since(start).Round(time.Millisecond))
	return p, nil
}

// build unpacks, prepares the environment and runs the backend in work.
func (b *Builder) build(ctx context.Context, r Request, work string) (string, error) {
	src := r.Dir
	if r.Sdist != "" {
		var err error
		if src, err = sdist.Extract(ctx, r.Sdist, filepath.Join(work, "src"), sdist.DefaultLimits); err != nil {
			return "", err
		}
	}
	bs, err := pep517.Read(src)
	if err != nil {
		return "", err
	}
	root, err := r.Root(ctx)
	if err != nil {
		return "", fmt.Errorf("making the build root: %w", err)
	}
	j := &job{b: b, r: r, work: work, src: src, root: root, bs: bs}
	return j.run(ctx)
}

// checkName checks that the backend built the wheel the plan asked for.
func checkName(file string, w plan.Wheel) error {
	n, err := wheelname.Parse(file)
	if err != nil {
		return fmt.Errorf("the backend wrote %q, not a wheel: %w", file, err)
	}
	if pep503.Normalize(n.Distribution) != pep503.Normalize(w.Name) {
		return fmt.Errorf("the backend built %s, a wheel of %s, not %s", file, n.Distribution, w.Name)
	}
	if w.Version != "" && !sameVersion(n.Version, w.Version) {
		return fmt.Errorf("the backend built %s, version %s, not %s", file, n.Version, w.Version)
	}
	return nil
}

var errNoWheel = errors.New("the backend reported success but wrote no wheel")
