package planner

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"

	"github.com/pyko-dev/pyko/internal/apk/signature"
	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/project"
	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/simpleapi"
)

// Opened are the clients and handles planning opened, which the
// executor can reuse instead of opening them again.
type Opened struct {
	Keys signature.Keyring
	// Base is the base image, nil from packages.
	Base *image.Base
	// Auth adds the index's (or netrc's) credentials to a wheel URL.
	Auth func(string) (string, error)
	// Repositories are the APK repository URLs, credentials included.
	Repositories []string
	// Index is the package index planning read, nil when it read none:
	// source builds resolve their build requirements from it.
	Index *simpleapi.Client
}

// Plan plans the image of proj: it reads the project's files, its Python
// lockfile and whether it is a package, then the APK indexes (or
// pyko.lock), the package index and the base image's metadata. Nothing of
// a package or wheel is downloaded.
func Plan(ctx context.Context, log *slog.Logger, proj *project.Project, o Options) (*plan.Plan, *Opened, error) {
	b := &planner{log: log, o: o, proj: proj, tmp: o.TempDir}
	p, err := b.plan(ctx)
	if err != nil {
		return nil, nil, err
	}
	return p, b.opened(), nil
}

// planner makes one build's plan. It holds the project, the options and
// the clients planning opened.
type planner struct {
	log  *slog.Logger
	o    Options
	proj *project.Project
	tmp  string
	// files are the app's files; appFiles the same as the plan lists them.
	files    []project.File
	appFiles []plan.AppFile
	// lockfile is the project's Python lockfile, nil without one; self is
	// the project as a distribution, nil when it is not a package.
	lockfile lock.Lockfile
	self     *plan.Self
	// indexFiles are the index files planning has seen, by file name: the
	// dependency check reads their .metadata rather than the wheel.
	indexFiles map[string]simpleapi.File
	// selfBuild is the project as a wheel to build, when it compiles
	// native code (then self is nil).
	selfBuild *plan.Wheel
	// osSrc is where OS packages come from, once opened: for the image
	// from packages, and for the build root of source builds.
	osSrc *osSource
	// compilers are the bytecode compilers' roots resolved so far, by
	// "arch python-package-ID".
	compilers map[string]*plan.OS
	// resolvedFrom names what planning resolved (pyproject.toml, or a
	// requirements file that pins not every line); "" when a lockfile
	// pinned everything.
	resolvedFrom string
	// inputs is the digest of what was resolved (see inputsDigest);
	// prefer are the pins of a stale pylock.toml, tried first.
	inputs string
	prefer map[string]string
	// Opened on first use.
	index *simpleapi.Client
	keys  signature.Keyring
	base  *image.Base
}

// plan reads the project's files, its Python lockfile and whether it is
// a package, then plans the image.
func (b *planner) plan(ctx context.Context) (*plan.Plan, error) {
	files, leftOut, err := b.proj.Selection(ctx)
	if err != nil {
		return nil, err
	}
	if len(leftOut) > 0 {
		b.log.Warn("left out of "+AppDir+" by default (secrets, git's, CI's and editors' files): "+strings.Join(leftOut, ", "),
			"to include one", `a "!PATH" line in .pykoignore (or .dockerignore), or [tool.pyko] include = ["PATH"]`)
	}
	b.files = files
	if b.appFiles, err = appFiles(files, warnSecret(b.log)); err != nil {
		return nil, err
	}
	if b.lockfile, err = b.findPythonLock(ctx); err != nil {
		return nil, err
	}
	if err := b.checkPylock(ctx); err != nil {
		return nil, err
	}
	if b.self, err = b.projectDist(); err != nil {
		return nil, err
	}
	return b.planImage(ctx)
}

func (b *planner) opened() *Opened {
	op := &Opened{Keys: b.keys, Base: b.base, Repositories: b.o.repositories(), Index: b.index}
	if b.index != nil {
		op.Auth = b.index.AuthURL
	}
	return op
}

func (b *planner) lockName() string { return filepath.Base(b.lockfile.Path()) }
