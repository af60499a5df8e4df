package planner

import (
	"context"
	"fmt"
	"path"
	"runtime"
	"slices"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/target"
)

// planBytecode decides how pl's Python sources are compiled to .pyc:
// by an interpreter of the image's exact CPython for this machine's
// architecture (pycs are the same on every architecture), from the
// image's APK repositories or from the base image's own manifest for
// this machine. Without one, the image gets no pycs and a warning says
// why; it still works, compiling in memory at each start.
func (b *planner) planBytecode(ctx context.Context, pl *plan.Platform) error {
	minor := pl.Target.Minor()
	if b.o.NoCompile || minor == "" || pl.Target.Interpreter == "" {
		return nil
	}
	bc := &plan.Bytecode{Tag: "cpython-" + strings.ReplaceAll(minor, ".", ""),
		Dependencies: plan.PycUnchecked, App: plan.PycChecked}
	var why string
	if pl.OS != nil {
		why = b.compilerFromPackages(ctx, pl, bc, minor)
	} else {
		why = b.compilerFromBase(ctx, pl, bc)
	}
	if why != "" {
		b.log.Warn("the image gets no bytecode: its Python modules will be compiled in memory at every start", "platform", pl.Platform, "why", why)
		return ctx.Err()
	}
	pl.Bytecode = bc
	return nil
}

// compilerFromPackages resolves the image's python package, same
// version, for this machine's architecture.
func (b *planner) compilerFromPackages(ctx context.Context, pl *plan.Platform, bc *plan.Bytecode, minor string) string {
	var py *plan.OSPackage
	for i, p := range pl.OS.Packages {
		if p.Name == "python-"+minor {
			py = &pl.OS.Packages[i]
		}
	}
	if py == nil {
		return "the image has no python-" + minor + " package"
	}
	host, err := target.For(target.Host())
	if err != nil {
		return fmt.Sprintf("this machine (%s) has no APK architecture", runtime.GOARCH)
	}
	world := []apk.Dependency{{Name: py.Name, Op: apk.OpEqual, Version: py.Version}}
	key := host.APKArch + " " + py.ID()
	root, ok := b.compilers[key]
	if !ok {
		pkgs, err := b.osSrc.resolveOS(ctx, host.APKArch, world, nil)
		if err != nil {
			return fmt.Sprintf("no %s for this machine's %s: %v", py.ID(), host.APKArch, err)
		}
		op := &osPlatform{Platform: plan.Platform{OS: &plan.OS{Arch: host.APKArch}}}
		b.osSrc.describe(op, world, pkgs)
		root = op.OS
		if b.compilers == nil {
			b.compilers = map[string]*plan.OS{}
		}
		b.compilers[key] = root
	}
	bc.Compiler, bc.Python = root, py.Version
	bc.Interpreter = "/usr/bin/python" + minor
	bc.Stdlib = "/usr/lib/python" + minor
	return ""
}

// compilerFromBase takes the base's manifest for this machine, when its
// Python is the platform's.
func (b *planner) compilerFromBase(ctx context.Context, pl *plan.Platform, bc *plan.Bytecode) string {
	if b.base == nil {
		return "the base image is not open"
	}
	pis, err := b.base.Platforms([]v1.Platform{target.Host()})
	if err != nil || len(pis) == 0 {
		return fmt.Sprintf("base image %s has no image for this machine (linux/%s) to run its Python", b.o.Base, runtime.GOARCH)
	}
	pi := pis[0]
	same := pi.Digest.String() == pl.Base.Digest
	facts, err := image.ScanCached(ctx, b.log, pi.Readable(), path.Join(b.o.Fetch.Dir(), "basefacts"))
	if err != nil {
		return fmt.Sprintf("reading base image %s for %s: %v", b.o.Base, pi.Platform.String(), err)
	}
	if !same && (facts.Python == "" || target.Upstream(facts.Python) != pl.Target.Python) {
		return fmt.Sprintf("base image %s has Python %q for this machine and %q for %s", b.o.Base, facts.Python, pl.Target.Python, pl.Platform)
	}
	found := false
	for _, in := range facts.Interpreters {
		found = found || in == pl.Target.Interpreter
	}
	if !found {
		return fmt.Sprintf("base image %s has no %s for this machine", b.o.Base, pl.Target.Interpreter)
	}
	bc.Base = &plan.Base{Reference: b.o.Base, Digest: pi.Digest.String()}
	bc.Interpreter = pl.Target.Interpreter
	bc.Python = pl.Target.Python
	if same {
		planBaseStdlib(pl, bc, facts)
	}
	return ""
}

// planBaseStdlib adds a layer of pycs for the base's standard library
// when it has none (Debian's python3 packages compile theirs at install
// time, and ship none), so that no start compiles it. Only for the base
// manifest that compiles: another platform's stdlib is not read.
func planBaseStdlib(pl *plan.Platform, bc *plan.Bytecode, facts *image.Facts) {
	prefix := path.Dir(path.Dir(bc.Interpreter)) // /usr/bin/python3.11 → /usr
	stdlib := path.Join(prefix, "lib", path.Base(bc.Interpreter))
	if slices.Contains(facts.StdlibPycs, stdlib+"/__pycache__/os."+bc.Tag+".pyc") {
		return
	}
	bc.Stdlib = stdlib
	at := slices.IndexFunc(pl.Layers, func(l plan.Layer) bool {
		return l.Kind == plan.KindPython || l.Kind == plan.KindSBOM || l.Kind == plan.KindApp
	})
	pl.Layers = slices.Insert(pl.Layers, at, plan.Layer{Kind: plan.KindBytecode, Note: stdlib})
}
