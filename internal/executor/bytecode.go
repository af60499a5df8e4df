package executor

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/layercache"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/python/bytecode"
	"github.com/pyko-dev/pyko/internal/python/wheel"
	"github.com/pyko-dev/pyko/internal/srcbuild"
	"github.com/pyko-dev/pyko/internal/treecache"
)

// pycs holds what the execution has compiled: the compilers' roots, made
// on first use, and each group's pycs by what decides their bytes, so
// that platforms with the same CPython compile once.
type pycs struct {
	roots map[string]string
	done  map[string]bytecode.Result
}

// group is sources to compile, with the key of their pycs: the files'
// identity (a wheel file, a package), their image paths and the mode.
type group struct {
	bytecode.Group
	key string
}

// compile compiles the groups that are not compiled yet with bc's
// interpreter, all in one sandbox, and returns every group's pycs.
func (x *execution) compile(ctx context.Context, bc *plan.Bytecode, groups []group) ([]bytecode.Result, error) {
	ck, err := compilerKey(bc)
	if err != nil {
		return nil, err
	}
	out := make([]bytecode.Result, len(groups))
	var todo []bytecode.Group
	var at []int
	for i, g := range groups {
		if r, ok := x.pycs.done[ck+g.key]; ok && g.key != "" {
			out[i] = r
			continue
		}
		todo, at = append(todo, g.Group), append(at, i)
	}
	if len(todo) == 0 {
		return out, nil
	}
	c, err := x.compiler(ctx, bc)
	if err != nil {
		return nil, err
	}
	res, err := c.Compile(ctx, todo)
	if err != nil {
		return nil, err
	}
	n, failed := 0, 0
	for j, i := range at {
		out[i] = res[j]
		x.pycs.done[ck+groups[i].key] = res[j]
		n += len(res[j].Entries)
		failed += len(res[j].Failed)
	}
	x.o.Log.Info("compiled bytecode", "modules", n, "not compiling", failed, "by", bc.Interpreter, "python", bc.Python)
	return out, nil
}

// compiler is bc's interpreter in its root: installed from the plan's
// packages or unpacked from the base, cached like build roots.
func (x *execution) compiler(ctx context.Context, bc *plan.Bytecode) (bytecode.Compiler, error) {
	c := bytecode.Compiler{Interpreter: bc.Interpreter, Tag: bc.Tag, TempDir: x.o.TempDir}
	ck, _ := compilerKey(bc)
	if root, ok := x.pycs.roots[ck]; ok {
		c.Root = root
		return c, nil
	}
	var err error
	if bc.Compiler != nil {
		if err := srcbuild.CanBuild(bc.Compiler.Arch); err != nil {
			return c, fmt.Errorf("the plan compiles bytecode with %s for %s, which this %s machine cannot run (%w): plan again on this machine, or give --no-compile",
				bc.Interpreter, bc.Compiler.Arch, srcbuild.HostArch(), err)
		}
		r := &buildRoot{x: x, os: bc.Compiler, what: "the bytecode compiler"}
		c.Root, err = r.dir(ctx)
	} else {
		c.Root, err = x.baseRoot(ctx, bc.Base)
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

// baseRoot is the root file system of the base image's manifest digest,
// unpacked into the cache of trees.
func (x *execution) baseRoot(ctx context.Context, b *plan.Base) (string, error) {
	pi, err := x.baseImage(ctx, b)
	if err != nil {
		return "", err
	}
	cache := treecache.New(filepath.Join(x.o.Fetch.Dir(), "baseroots"), x.o.Log)
	return cache.Get(ctx, strings.TrimPrefix(b.Digest, "sha256:"), func(ctx context.Context, dir string) error {
		x.o.Log.Info("unpacking the base image to compile bytecode with", "base", b.Reference, "digest", b.Digest)
		return unpackImage(ctx, pi, dir)
	})
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
// site-packages sources, listed in its RECORD.
func (x *execution) compileWheels(ctx context.Context, bc *plan.Bytecode, ws []plan.Wheel, lay wheel.Layout, paths []string, installed map[string][]layer.Entry) error {
	site := lay.SitePackages()
	groups := make([]group, len(ws))
	for i, w := range ws {
		groups[i] = group{Group: bytecode.Group{Mode: bytecode.Mode(bc.Dependencies), Entries: sitePackagesOnly(installed[w.ID()], site)},
			key: pycKey("wheel", paths[i], lay.Prefix, bc.Dependencies)}
	}
	res, err := x.compile(ctx, bc, groups)
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
	res, err := x.compile(ctx, bc, []group{{Group: bytecode.Group{Mode: bytecode.Mode(bc.App), Entries: app}}})
	if err != nil {
		return nil, err
	}
	return res[0].Entries, nil
}

// compileStdlib adds to the OS parts the pycs of the standard library's
// sources that have none, each into the part of its source, dated as its
// source.
func (x *execution) compileStdlib(ctx context.Context, bc *plan.Bytecode, parts []part) error {
	if bc == nil || bc.Stdlib == "" {
		return nil
	}
	all := map[string]bool{}
	for _, p := range parts {
		for _, e := range p.entries {
			all[e.Path] = true
		}
	}
	var groups []group
	var at []int
	for i, p := range parts {
		if src := missingPycs(p.entries, all, bc.Stdlib, bc.Tag); len(src) > 0 {
			groups = append(groups, group{Group: bytecode.Group{Mode: bytecode.Mode(bc.Dependencies), Entries: src}})
			at = append(at, i)
		}
	}
	if len(groups) == 0 {
		return nil
	}
	res, err := x.compile(ctx, bc, groups)
	if err != nil {
		return err
	}
	for j, i := range at {
		dates := map[string]time.Time{}
		for _, e := range groups[j].Entries {
			dates[bytecode.PycPath(e.Path, bc.Tag)] = e.ModTime
		}
		for _, e := range res[j].Entries {
			e.ModTime = dates[e.Path]
			parts[i].entries = append(parts[i].entries, e)
		}
	}
	return nil
}

// baseStdlibLayer is the planned layer of pycs for a base's standard
// library, when the plan has one: its sources read from the base's root
// file system (the compiler's, the same manifest), from the layer cache
// when it was written before.
func (x *execution) baseStdlibLayer(ctx context.Context, pl plan.Platform) ([]image.Addition, error) {
	bc := pl.Bytecode
	if !slices.ContainsFunc(pl.Layers, func(l plan.Layer) bool { return l.Kind == plan.KindBytecode }) {
		return nil, nil
	}
	ck, err := compilerKey(bc)
	if err != nil {
		return nil, err
	}
	key, err := layercache.Key([]any{layerFormat, "base stdlib", ck, bc.Tag, bc.Dependencies, bc.Stdlib, x.p.Layers.Compression, x.fileTime().Unix()})
	if err != nil {
		return nil, err
	}
	if add, ok := x.cachedLayer(ctx, key); ok {
		return []image.Addition{add}, nil
	}
	c, err := x.compiler(ctx, bc)
	if err != nil {
		return nil, err
	}
	src, err := stdlibSources(c.Root, bc.Stdlib, bc.Tag)
	if err != nil {
		return nil, fmt.Errorf("reading the base's standard library: %w", err)
	}
	res, err := x.compile(ctx, bc, []group{{Group: bytecode.Group{Mode: bytecode.Mode(bc.Dependencies), Entries: src}}})
	if err != nil {
		return nil, err
	}
	l, err := layer.New(ctx, res[0].Entries, x.layerOpts()...)
	if err != nil {
		return nil, fmt.Errorf("writing the layer of the standard library's bytecode: %w", err)
	}
	add := image.Addition{Layer: l, History: x.history("pyko: bytecode of " + bc.Stdlib)}
	return []image.Addition{x.cacheLayer(ctx, key, add)}, nil
}

// stdlibSources are the regular .py files under root's stdlib directory
// that have no hash-based pyc of tag, site-packages and dist-packages
// aside, as entries at their image paths. A timestamp pyc (Debian ships
// a few) is valid only while the source keeps the mtime it recorded,
// which image layers do not promise: it is compiled again, and the new
// pyc shadows it.
func stdlibSources(root, stdlib, tag string) ([]layer.Entry, error) {
	dir := filepath.Join(root, filepath.FromSlash(stdlib))
	have := map[string]bool{}
	var srcs []layer.Entry
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "site-packages" || d.Name() == "dist-packages") {
			return filepath.SkipDir
		}
		rel, err := filepath.Rel(root, p)
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel = filepath.ToSlash(rel)
		have[rel] = strings.HasSuffix(rel, ".pyc") && hashBased(p)
		if !strings.HasSuffix(rel, ".py") {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		srcs = append(srcs, layer.Entry{Path: rel, Mode: 0o644, Size: info.Size(),
			Open: func() (io.ReadCloser, error) { return os.Open(p) }})
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []layer.Entry
	for _, e := range srcs {
		if !have[bytecode.PycPath(e.Path, tag)] {
			out = append(out, e)
		}
	}
	return out, nil
}

// hashBased reports whether the pyc at p is PEP 552 hash-based: bit 0 of
// the flags word after the magic number.
func hashBased(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	var h [8]byte
	if _, err := io.ReadFull(f, h[:]); err != nil {
		return false
	}
	return h[4]&1 == 1
}
