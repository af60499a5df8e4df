package executor

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/layercache"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/python/bytecode"
)

// compileStdlib adds to the generated part (the files pyko makes for
// the packages: no package owns them) the pycs of the standard library's
// sources that have none, dated as their sources.
func (x *execution) compileStdlib(ctx context.Context, bc *plan.Bytecode, parts []part, gen int) error {
	if bc == nil || bc.Stdlib == "" || gen < 0 {
		return nil
	}
	all := map[string]bool{}
	var src []layer.Entry
	for _, p := range parts {
		for _, e := range p.entries {
			all[e.Path] = true
		}
	}
	for _, p := range parts {
		src = append(src, missingPycs(p.entries, all, bc.Stdlib, bc.Tag)...)
	}
	if len(src) == 0 {
		return nil
	}
	pycs, err := x.compileStdlibFiles(ctx, bc, src)
	if err != nil {
		return err
	}
	dates := map[string]time.Time{}
	for _, e := range src {
		dates[bytecode.PycPath(e.Path, bc.Tag)] = e.ModTime
	}
	for _, e := range pycs {
		e.ModTime = dates[e.Path]
		parts[gen].entries = append(parts[gen].entries, e)
	}
	parts[gen].history += ", bytecode of " + bc.Stdlib
	return nil
}

// baseStdlibLayer is the planned layer of pycs for a base's standard
// library, when the plan has one: its sources read from the base's root
// file system (the compiler's, the same manifest), from the layer cache
// when it was written before.
func (x *execution) baseStdlibLayer(ctx context.Context, pl plan.Platform) ([]image.Addition, error) {
	defer x.turn.set(false) // on every way out that did not compile
	bc := pl.Bytecode
	if !slices.ContainsFunc(pl.Layers, func(l plan.Layer) bool { return l.Kind == plan.KindBytecode }) {
		return nil, nil
	}
	bk, err := bytecodeKey(bc, bc.Dependencies, bc.Stdlib, stdlibCut)
	if err != nil {
		return nil, err
	}
	key, err := layercache.Key([]any{layerFormat, "base stdlib", bk, x.p.Layers.Compression, x.fileTime().Unix()})
	if err != nil {
		return nil, err
	}
	if add, _, ok := x.cachedLayer(ctx, key); ok {
		return []image.Addition{add}, nil
	}
	x.turn.set(true)
	c, err := x.compiler(ctx, bc)
	if err != nil {
		return nil, err
	}
	src, closer, err := stdlibSources(c.Root, bc.Stdlib, bc.Tag)
	if err != nil {
		return nil, fmt.Errorf("reading the base's standard library: %w", err)
	}
	defer closer.Close()
	pycs, err := x.compileStdlibFiles(ctx, bc, src)
	if err != nil {
		return nil, err
	}
	l, err := x.writeLayer(ctx, "bytecode", pycs, x.layerOpts()...)
	if err != nil {
		return nil, fmt.Errorf("writing the layer of the standard library's bytecode: %w", err)
	}
	add := image.Addition{Layer: l, History: x.history("pyko: bytecode of " + bc.Stdlib)}
	return []image.Addition{x.cacheLayer(ctx, key, add)}, nil
}

// stdlibSources are the regular .py files under root's stdlib directory
// that have no hash-based pyc of tag, site-packages and dist-packages
// aside, as entries at their image paths: those left as files, and those
// the root keeps in the stdlib's zip (bytecode.WriteRootTar). A
// timestamp pyc (Debian ships a few) is valid only while the source
// keeps the mtime it recorded, which image layers do not promise: it is
// compiled again, and the new pyc shadows it. Close the closer once the
// entries are read.
func stdlibSources(root, stdlib, tag string) ([]layer.Entry, io.Closer, error) {
	have := map[string]bool{}
	srcs, err := dirSources(root, stdlib, have)
	if err != nil {
		return nil, nil, err
	}
	zipped, closer, err := zipSources(root, stdlib, tag, have)
	if err != nil {
		return nil, nil, err
	}
	var out []layer.Entry
	for _, e := range append(srcs, zipped...) {
		if !have[bytecode.PycPath(e.Path, tag)] {
			out = append(out, e)
		}
	}
	return out, closer, nil
}

// dirSources are the .py files of the stdlib directory under root; have
// gets every file seen, true for a hash-based pyc.
func dirSources(root, stdlib string, have map[string]bool) ([]layer.Entry, error) {
	dir := filepath.Join(root, filepath.FromSlash(stdlib))
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
		have[rel] = strings.HasSuffix(rel, ".pyc") && hashBased(openFile(p))
		if !strings.HasSuffix(rel, ".py") {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		srcs = append(srcs, layer.Entry{Path: rel, Mode: 0o644, Size: info.Size(),
			Open: openFile(p)})
		return nil
	})
	return srcs, err
}

// zipSources are the .py files in the stdlib's zip under root, none
// when there is no zip; have gets every file of it, true for a
// hash-based pyc.
func zipSources(root, stdlib, tag string, have map[string]bool) ([]layer.Entry, io.Closer, error) {
	name, ok := bytecode.StdlibZip(strings.Trim(stdlib, "/"))
	if !ok {
		return nil, io.NopCloser(nil), nil
	}
	zr, err := zip.OpenReader(filepath.Join(root, filepath.FromSlash(name)))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, io.NopCloser(nil), nil
	}
	if err != nil {
		return nil, nil, err
	}
	var srcs []layer.Entry
	for _, f := range zr.File {
		if slices.ContainsFunc(strings.Split(f.Name, "/"), func(s string) bool { return s == "site-packages" || s == "dist-packages" }) {
			continue
		}
		rel := bytecode.ZipImagePath(f.Name, stdlib, tag)
		switch {
		case strings.HasSuffix(f.Name, ".pyc"):
			have[rel] = hashBased(f.Open)
		case strings.HasSuffix(f.Name, ".py"):
			have[rel] = false
			srcs = append(srcs, layer.Entry{Path: rel, Mode: 0o644, Size: int64(f.UncompressedSize64), Open: f.Open})
		}
	}
	return srcs, zr, nil
}

// hashBased reports whether the pyc open gives is PEP 552 hash-based:
// bit 0 of the flags word after the magic number.
func hashBased(open func() (io.ReadCloser, error)) bool {
	r, err := open()
	if err != nil {
		return false
	}
	defer r.Close()
	var h [8]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return false
	}
	return h[4]&1 == 1
}

// openFile opens the file at p, for hashBased.
func openFile(p string) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) { return os.Open(p) }
}

// stdlibGroups is how many processes compile a standard library: its
// sources, sorted, cut into that many runs of about equal bytes (compile
// time follows size, and a run twice another's would finish alone). Each
// group costs more than its start: a cold build on the Debian base took
// 2.23 s with four, 2.09 s with two and 2.17 s with one (the Debian
// stdlib alone: 0.86 CPU-s in two groups, 1.13 in four), while the
// wheels and the app compile beside it. The number is fixed, not the
// machine's core count, so that the cut (and with it the pycs' bytes) is
// the same everywhere; stdlibCut names the cut in the keys of the layers
// the pycs go into.
const (
	stdlibGroups = 2
	stdlibCut    = "bytes/2"
)

// cutBySize cuts src into at most n runs, in order, each closed once it
// holds its share of the bytes left for the runs still to make.
func cutBySize(src []layer.Entry, n int) [][]layer.Entry {
	var left int64
	for _, e := range src {
		left += e.Size
	}
	var out [][]layer.Entry
	start, run := 0, int64(0)
	for i, e := range src {
		run += e.Size
		if rest := int64(n - len(out)); rest > 1 && run*rest >= left {
			out = append(out, src[start:i+1])
			start, left, run = i+1, left-run, 0
		}
	}
	if start < len(src) {
		out = append(out, src[start:])
	}
	return out
}

// compileStdlibFiles compiles a standard library's sources in
// stdlibGroups groups, run at once.
func (x *execution) compileStdlibFiles(ctx context.Context, bc *plan.Bytecode, src []layer.Entry) ([]layer.Entry, error) {
	src = slices.Clone(src)
	slices.SortFunc(src, func(a, b layer.Entry) int { return strings.Compare(a.Path, b.Path) })
	var groups []group
	for _, run := range cutBySize(src, stdlibGroups) {
		groups = append(groups, group{Group: bytecode.Group{Mode: bytecode.Mode(bc.Dependencies), Entries: run}})
	}
	res, err := x.compile(ctx, bc, groups, 0)
	if err != nil {
		return nil, err
	}
	var out []layer.Entry
	for _, r := range res {
		out = append(out, r.Entries...)
	}
	return out, nil
}
