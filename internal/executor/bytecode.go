package executor

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/python/bytecode"
	"github.com/pyko-dev/pyko/internal/python/wheel"
	"github.com/pyko-dev/pyko/internal/srcbuild"
	"github.com/pyko-dev/pyko/internal/treecache"
)

// pycs holds what the execution has compiled: the compilers' roots, made
// on first use, their sessions, and each group's pycs by what decides
// their bytes, so that platforms with the same CPython compile once. The
// OS and python layers are made at once, so it is shared: rootMu
// serialises making roots and sessions, mu guards done.
type pycs struct {
	mu, rootMu sync.Mutex
	roots      map[string]string
	sessions   map[string]*bytecode.Session
	done       map[string]bytecode.Result
	// ctx is the execution's: the sessions last as long, whichever
	// layer started them.
	ctx context.Context
}

// session is the compiler session of bc's interpreter, started on first
// use and kept for the execution: every layer's pycs are compiled by one
// driver.
func (x *execution) session(ctx context.Context, bc *plan.Bytecode) (*bytecode.Session, error) {
	c, err := x.compiler(ctx, bc)
	if err != nil {
		return nil, err
	}
	ck, _ := compilerKey(bc)
	x.pycs.rootMu.Lock()
	defer x.pycs.rootMu.Unlock()
	if s, ok := x.pycs.sessions[ck]; ok {
		return s, nil
	}
	s, err := c.Start(x.pycs.ctx)
	if err != nil {
		return nil, fmt.Errorf("starting the bytecode compiler: %w", err)
	}
	x.pycs.sessions[ck] = s
	return s, nil
}

// closeSessions ends the compiler sessions: no more layers will come.
func (x *execution) closeSessions() {
	x.pycs.rootMu.Lock()
	defer x.pycs.rootMu.Unlock()
	for _, s := range x.pycs.sessions {
		s.Close()
	}
}

func (p *pycs) result(key string) (bytecode.Result, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	r, ok := p.done[key]
	return r, ok
}

// group is sources to compile, with the key of their pycs: the files'
// identity (a wheel file, a package), their image paths and the mode.
type group struct {
	bytecode.Group
	key string
}

// compile compiles the groups that are not compiled yet with bc's
// interpreter, all in one sandbox, jobs at once (zero: every core), and
// returns every group's pycs.
func (x *execution) compile(ctx context.Context, bc *plan.Bytecode, groups []group, jobs int) ([]bytecode.Result, error) {
	ck, err := compilerKey(bc)
	if err != nil {
		return nil, err
	}
	out := make([]bytecode.Result, len(groups))
	var todo []bytecode.Group
	var at []int
	for i, g := range groups {
		if r, ok := x.pycs.result(ck + g.key); g.key != "" && ok {
			out[i] = r
			continue
		}
		todo, at = append(todo, g.Group), append(at, i)
	}
	if len(todo) == 0 {
		return out, nil
	}
	s, err := x.session(ctx, bc)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	res, err := s.Compile(ctx, todo, jobs)
	if err != nil {
		return nil, err
	}
	n, failed, size := 0, 0, int64(0)
	x.pycs.mu.Lock()
	defer x.pycs.mu.Unlock()
	for j, i := range at {
		out[i] = res[j]
		if groups[i].key != "" {
			x.pycs.done[ck+groups[i].key] = res[j]
		}
		n += len(res[j].Entries)
		failed += len(res[j].Failed)
		for _, e := range res[j].Entries {
			size += e.Size
		}
	}
	x.o.Log.Info("compiled bytecode", "modules", n, "bytes", size, "not compiling", failed, "by", bc.Interpreter, "python", bc.Python, "took", time.Since(start).Round(time.Millisecond))
	return out, nil
}

// compiler is bc's interpreter in its root: installed from the plan's
// packages or unpacked from the base, cached like build roots.
func (x *execution) compiler(ctx context.Context, bc *plan.Bytecode) (bytecode.Compiler, error) {
	c := bytecode.Compiler{Interpreter: bc.Interpreter, Tag: bc.Tag, TempDir: x.o.TempDir}
	ck, _ := compilerKey(bc)
	x.pycs.rootMu.Lock()
	defer x.pycs.rootMu.Unlock()
	if root, ok := x.pycs.roots[ck]; ok {
		c.Root = root
		return c, nil
	}
	var err error
	start := time.Now()
	defer func() {
		x.o.Log.Debug("bytecode compiler ready", "root", c.Root, "took", time.Since(start).Round(time.Millisecond))
	}()
	if bc.Compiler != nil {
		if err := srcbuild.CanBuild(bc.Compiler.Arch); err != nil {
			return c, fmt.Errorf("the plan compiles bytecode with %s for %s, which this %s machine cannot run (%w): plan again on this machine, or give --no-compile",
				bc.Interpreter, bc.Compiler.Arch, srcbuild.HostArch(), err)
		}
		r := &buildRoot{x: x, os: bc.Compiler, what: "the bytecode compiler", fromImage: true, interpreter: bc.Interpreter, stdlib: interpreterStdlib(bc), tag: bc.Tag}
		c.Root, err = r.dir(ctx)
	} else {
		c.Root, err = x.baseRoot(ctx, bc)
	}
	if err != nil {
		return c, fmt.Errorf("the bytecode compiler's root: %w", err)
	}
	x.pycs.roots[ck] = c.Root
	return c, nil
}

// compilerKey names what decides a compilation's bytes besides the
// sources: the driver, the interpreter, and the exact CPython build (its
// packages' checksums, or the base's manifest).
func compilerKey(bc *plan.Bytecode) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\n%s\n", bytecode.Version, bc.Interpreter, bc.Tag, bc.Python)
	switch {
	case bc.Compiler != nil:
		for _, p := range bc.Compiler.Packages {
			fmt.Fprintf(h, "%s %s\n", p.ID(), p.Checksum)
		}
	case bc.Base != nil:
		fmt.Fprintf(h, "base %s\n", bc.Base.Digest)
	default:
		return "", fmt.Errorf("the plan's bytecode names no compiler")
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// baseRoot is the compiler's root file system from the base image's
// manifest digest, in the cache of trees: the root of every Python of the
// image (warmed while the plan was made, or made now), when the plan's
// interpreter loads in it and its standard library is one it holds;
// else one written for the plan's interpreter (bytecode.WriteRootTar).
// It holds the standard library's sources, which the plan compiles when
// the base has none: they are read from it.
func (x *execution) baseRoot(ctx context.Context, bc *plan.Bytecode) (string, error) {
	b := bc.Base
	pi, err := x.baseImage(ctx, b)
	if err != nil {
		return "", err
	}
	stdlib := interpreterStdlib(bc)
	if bytecode.Covers(stdlib) {
		dir, ok := x.o.Warm.root(b.Digest)
		if !ok {
			dir, err = anyPythonRoot(ctx, x.o.Log, x.o.Fetch.Dir(), *pi)
		}
		if err == nil && bytecode.Loadable(dir, bc.Interpreter) == nil {
			return dir, nil
		}
	}
	cache := treecache.New(filepath.Join(x.o.Fetch.Dir(), "baseroots"), x.o.Log)
	r := bytecode.Root{Interpreter: bc.Interpreter, Stdlib: stdlib, Tag: bc.Tag, Sources: bc.Stdlib != "", Log: x.o.Log}
	// What is kept, and the zip's place and contents, depend on these too.
	h := sha256.Sum256(fmt.Appendf(nil, "slim1\x00%s\x00%s\x00%s\x00%s\x00%v", b.Digest, r.Interpreter, r.Stdlib, r.Tag, r.Sources))
	key := hex.EncodeToString(h[:])
	return cache.Get(ctx, key, func(ctx context.Context, dir string, sums *treecache.Sums) error {
		x.o.Log.Info("unpacking the base image to compile bytecode with", "base", b.Reference, "digest", b.Digest)
		r.Sums = sums.Add
		return unpackImage(ctx, pi, dir, r)
	})
}

// interpreterStdlib is the standard library's directory of the compiling
// interpreter: the plan's, else the one CPython finds from its path
// (/usr/local/bin/python3.12 → /usr/local/lib/python3.12).
func interpreterStdlib(bc *plan.Bytecode) string {
	if bc.Stdlib != "" {
		return bc.Stdlib
	}
	bin, name := path.Split(bc.Interpreter)
	if !strings.HasPrefix(name, "python3.") || path.Base(path.Clean(bin)) != "bin" {
		return ""
	}
	return path.Join(path.Dir(path.Clean(bin)), "lib", name)
}

// sitePackagesOnly keeps the entries under the venv's site-packages:
// launchers and data files are not imported.
func sitePackagesOnly(es []layer.Entry, site string) []layer.Entry {
	var out []layer.Entry
	for _, e := range es {
		if strings.HasPrefix(e.Path, site+"/") {
			out = append(out, e)
		}
	}
	return out
}

// missingPycs are the sources under the stdlib directory that have no
// pyc of tag among all: those a python package built without them lacks.
// site-packages is not the stdlib's.
func missingPycs(es []layer.Entry, all map[string]bool, stdlib, tag string) []layer.Entry {
	dir := strings.TrimPrefix(stdlib, "/") + "/"
	var out []layer.Entry
	for _, e := range es {
		if !strings.HasPrefix(e.Path, dir) || strings.Contains(e.Path, "/site-packages/") || !bytecode.Compilable(e) {
			continue
		}
		if !all[bytecode.PycPath(e.Path, tag)] {
			out = append(out, e)
		}
	}
	return out
}

// pycKey is the identity of a group's sources: what they come from and
// where they go.
func pycKey(parts ...string) string {
	return path.Join(parts...)
}

// compileWheels adds to each installed wheel the pycs of its
// site-packages sources, listed in its RECORD; jobs wheels at once
// (zero: every core).
func (x *execution) compileWheels(ctx context.Context, bc *plan.Bytecode, ws []plan.Wheel, lay wheel.Layout, paths []string, installed map[string][]layer.Entry, jobs int) error {
	site := lay.SitePackages()
	groups := make([]group, len(ws))
	for i, w := range ws {
		groups[i] = group{Group: bytecode.Group{Mode: bytecode.Mode(bc.Dependencies), Entries: sitePackagesOnly(installed[w.ID()], site)},
			key: pycKey("wheel", paths[i], lay.Prefix, bc.Dependencies)}
	}
	res, err := x.compile(ctx, bc, groups, jobs)
	if err != nil {
		return err
	}
	for i, w := range ws {
		es, err := wheel.AddCompiled(installed[w.ID()], lay, res[i].Entries)
		if err != nil {
			return fmt.Errorf("adding the bytecode of %s: %w", w.ID(), err)
		}
		installed[w.ID()] = es
	}
	return nil
}

// compileApp returns the pycs of the app's sources.
func (x *execution) compileApp(ctx context.Context, bc *plan.Bytecode, app []layer.Entry) ([]layer.Entry, error) {
	res, err := x.compile(ctx, bc, []group{{Group: bytecode.Group{Mode: bytecode.Mode(bc.App), Entries: app}}}, 0)
	if err != nil {
		return nil, err
	}
	return res[0].Entries, nil
}
