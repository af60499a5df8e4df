package executor

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/dirtree"
	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/gitsource"
	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/python/bytecode"
	"github.com/pyko-dev/pyko/internal/python/pep440"
	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/python/pep508"
	"github.com/pyko-dev/pyko/internal/python/wheel"
	"github.com/pyko-dev/pyko/internal/srcbuild"
	"github.com/pyko-dev/pyko/internal/treecache"
)

// checkBuilds fails before any work when the plan builds from source and
// this execution cannot: no builder, or a platform of another
// architecture than this machine's.
func (x *execution) checkBuilds() error {
	for _, pl := range x.p.Platforms {
		if pl.BuildRoot == nil {
			continue
		}
		var names []string
		for _, w := range pl.Wheels {
			if w.Build != nil {
				names = append(names, w.ID())
			}
		}
		if x.o.Builder == nil {
			return fmt.Errorf("building for %s: %v must be built from source, and this execution has no builder", pl.Platform, names)
		}
		if err := srcbuild.CanBuild(pl.Target.APKArch); err != nil {
			return fmt.Errorf("building for %s: %v have no wheel for %s and must be built from source, which this %s machine cannot do: %w; or build the image on a %s machine, or publish wheels for %s on the index or --find-links",
				pl.Platform, names, pl.Target.Machine, srcbuild.HostArch(), err, pl.Target.Machine, pl.Target.Machine)
		}
	}
	return nil
}

// wheelFiles returns the file of every wheel of pl, in plan order: the
// planned wheels fetched (verified), the others built from their sources
// (an sdist fetched and verified like a wheel, a directory's files copied
// and checked against the plan, a git commit checked out).
func (x *execution) wheelFiles(ctx context.Context, pl plan.Platform, ws []plan.Wheel) ([]string, error) {
	var fetched, sdists []plan.Wheel
	for _, w := range ws {
		switch {
		case w.Build == nil:
			fetched = append(fetched, w)
		case w.Build.Kind == plan.SourceSdist:
			sdists = append(sdists, w)
		}
	}
	paths, err := x.fetchWheels(ctx, fetched)
	if err != nil {
		return nil, err
	}
	srcs, err := x.fetchSdists(ctx, sdists)
	if err != nil {
		return nil, err
	}
	root := &buildRoot{x: x, os: pl.BuildRoot, what: "the build root"}
	missing := &MissingLibrariesError{Libraries: map[string][]string{}}
	out := make([]string, 0, len(ws))
	for _, w := range ws {
		if w.Build == nil {
			out, paths = append(out, paths[0]), paths[1:]
			continue
		}
		req := srcbuild.Request{Wheel: w, Target: pl.Target, RootKey: root.key(), Root: root.dir}
		if w.Build.Kind == plan.SourceSdist {
			req.Sdist, srcs = srcs[0], srcs[1:]
		} else if req.Dir, req.SourceKey, err = x.prepareSource(ctx, w); err != nil {
			return nil, fmt.Errorf("the source of %s: %w", w.ID(), err)
		}
		p, err := x.o.Builder.Build(ctx, req)
		if err != nil {
			return nil, err
		}
		if err := x.checkLibraries(pl, w, p, missing); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	if len(missing.Libraries) > 0 {
		return nil, missing
	}
	if !x.p.Project.NoDeps {
		if err := checkBuiltRequires(pl, ws, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// checkBuiltRequires checks each wheel of ws built from source (files
// are ws's) against the platform's wheels: every Requires-Dist whose
// marker holds must be met. Planning checks the others; a built wheel's
// requirements are known only now (an sdist's PKG-INFO may not list
// them).
func checkBuiltRequires(pl plan.Platform, ws []plan.Wheel, files []string) error {
	have := map[string]string{}
	for _, w := range pl.Wheels {
		have[pep503.Normalize(w.Name)] = w.Version
	}
	env := pl.Target.Markers()
	var gaps []string
	for i, w := range ws {
		if w.Build == nil {
			continue
		}
		data, err := wheel.ReadMetadata(files[i])
		if err != nil {
			return fmt.Errorf("reading the metadata of %s built from source: %w", w.ID(), err)
		}
		m, err := wheel.ParseMetadata(data)
		if err != nil {
			return fmt.Errorf("reading the metadata of %s built from source: %w", w.ID(), err)
		}
		for _, line := range m.RequiresDist {
			r, err := pep508.ParseRequirement(strings.TrimSpace(line))
			if err != nil {
				return fmt.Errorf("%s built from source: Requires-Dist %q: %w", w.ID(), line, err)
			}
			if r.Marker != nil && !r.Marker.Evaluate(env, nil) {
				continue
			}
			v, ok := have[pep503.Normalize(r.Name)]
			pv, perr := pep440.Parse(v)
			// A package of unknown version (built from git) meets any.
			if !ok || (v != "" && len(r.Specifiers) > 0 && (perr != nil || !r.Specifiers.Contains(pv, true))) {
				gaps = append(gaps, fmt.Sprintf("%s requires %s%s (the image has %s)", w.ID(), r.Name, r.Specifiers, cmp.Or(v, "none")))
			}
		}
	}
	if len(gaps) > 0 {
		return fmt.Errorf("built from source, %s: add them to the lock (or requirements), or pass --no-deps", strings.Join(gaps, "; "))
	}
	return nil
}

// prepareSource makes the tree a directory or git source is built from,
// in a new temporary directory, and the key of its content: the digest of
// the plan's file list (each file is checked against it while copied), or
// the commit.
func (x *execution) prepareSource(ctx context.Context, w plan.Wheel) (dir, key string, err error) {
	b := w.Build
	tmp, err := x.tempDir("source-")
	if err != nil {
		return "", "", err
	}
	dir = filepath.Join(tmp, "src")
	switch b.Kind {
	case plan.SourceDirectory:
		es, err := fileEntries("src", filepath.Join(x.o.ProjectDir, filepath.FromSlash(b.Path)), b.Files)
		if err != nil {
			return "", "", err
		}
		if err := dirtree.Write(ctx, tmp, append([]layer.Entry{{Path: "src", Mode: fs.ModeDir | 0o755}}, es...)); err != nil {
			return "", "", fmt.Errorf("copying %s: %w", b.Path, err)
		}
		list, err := json.Marshal(b.Files)
		if err != nil {
			return "", "", err
		}
		sum := sha256.Sum256(list)
		return dir, "directory " + hex.EncodeToString(sum[:]), nil
	case plan.SourceGit:
		if err := gitsource.Checkout(ctx, x.o.Log, x.o.Fetch.Dir(), b.URL, b.Commit, b.Subdirectory, dir); err != nil {
			return "", "", err
		}
		return dir, "git " + b.Commit + " " + b.Subdirectory, nil
	}
	return "", "", fmt.Errorf("source kind %q", b.Kind)
}

// MissingLibrariesError says that wheels built from source link shared
// libraries no OS package of the image provides: the image needs the
// APKs that provide "so:<name>" (pyko build adds them and plans again).
type MissingLibrariesError struct {
	Platform string
	// Libraries are the missing names by package ("name==version").
	Libraries map[string][]string
}

// Packages are the world entries that bring the libraries: "so:<name>".
func (e *MissingLibrariesError) Packages() []string {
	var out []string
	for _, id := range slices.Sorted(maps.Keys(e.Libraries)) {
		for _, n := range e.Libraries[id] {
			if !slices.Contains(out, "so:"+n) {
				out = append(out, "so:"+n)
			}
		}
	}
	return out
}

func (e *MissingLibrariesError) Error() string {
	var parts []string
	for _, id := range slices.Sorted(maps.Keys(e.Libraries)) {
		parts = append(parts, fmt.Sprintf("%s links %s", id, strings.Join(e.Libraries[id], ", ")))
	}
	return fmt.Sprintf("building for %s: built from source, %s, which no OS package of the image provides: add the packages that do (--package %s)",
		e.Platform, strings.Join(parts, "; "), strings.Join(e.Packages(), " --package "))
}

// checkLibraries records in missing the shared libraries the built wheel
// at file links that the image's OS packages do not provide. On a base
// image the base's libraries are not known here: nothing is checked.
func (x *execution) checkLibraries(pl plan.Platform, w plan.Wheel, file string, missing *MissingLibrariesError) error {
	have, ok := x.sonames[pl.Platform]
	if !ok {
		return nil
	}
	libs, err := srcbuild.ReadLibraries(file)
	if err != nil {
		return fmt.Errorf("reading the libraries %s links: %w", w.ID(), err)
	}
	if m := libs.Missing(func(n string) bool { return have[n] }); len(m) > 0 {
		missing.Platform = pl.Platform
		missing.Libraries[w.ID()] = m
	}
	return nil
}

// fetchSdists downloads the sdists of the wheels to build from them, each
// checked like a wheel: its sha256, then its other pinned hashes.
func (x *execution) fetchSdists(ctx context.Context, ws []plan.Wheel) ([]string, error) {
	var wants []fetch.Want
	for _, w := range ws {
		b := w.Build
		u, err := x.o.Auth(b.URL)
		if err != nil {
			return nil, err
		}
		pins := plan.Wheel{Filename: b.Filename, Hashes: b.Hashes}
		wants = append(wants, fetch.Want{URL: u, Key: b.CacheKey(), SHA256: b.SHA256,
			Verify: func(path string) error { return checkWheelHashes(path, pins) }})
	}
	if len(wants) == 0 {
		return nil, nil
	}
	return x.o.Fetch.FetchAll(ctx, wants)
}

// buildRoot is a platform's build root, installed on first use.
type buildRoot struct {
	x *execution
	// what names it in the log: "the build root", "the bytecode compiler".
	what string
	// fromImage lets the root be written from a platform's installed tree
	// that holds its packages: only for the bytecode compiler, which needs
	// the interpreter's files and nothing of what the installer generates
	// (installed db, accounts, ld.so.cache), which a build root keeps.
	fromImage bool
	// interpreter, stdlib and tag make the root a compiler's, slim, its
	// standard library zipped: see bytecode.Root.
	interpreter, stdlib, tag string
	os                       *plan.OS
	path                     string
}

// key identifies the root's packages (their checksums, in order).
func (r *buildRoot) key() string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n", r.os.Arch)
	for _, p := range r.os.Packages {
		fmt.Fprintf(h, "%s %s\n", p.ID(), p.Checksum)
	}
	if r.interpreter != "" {
		// Part of the same packages, laid out another way.
		fmt.Fprintf(h, "slim compiler %s %s %s\n", r.interpreter, r.stdlib, r.tag)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// dir returns the build root's directory: from the cache of build roots
// (checked against its manifest), else its packages installed (verified
// as the image's are) and cached. Once per execution.
func (r *buildRoot) dir(ctx context.Context) (string, error) {
	if r.path != "" {
		return r.path, nil
	}
	cache := treecache.New(filepath.Join(r.x.o.Fetch.Dir(), "buildroots"), r.x.o.Log)
	p, err := cache.Get(ctx, r.key(), r.install)
	if err != nil {
		return "", fmt.Errorf("the build root: %w", err)
	}
	r.path = p
	return p, nil
}

// install installs the build root's packages into dir.
// With fromImage, when a platform's tree already installed every package
// of the root (the compiler's python, on the platform's own
// architecture), their files are taken from it instead of installing
// them again.
func (r *buildRoot) install(ctx context.Context, dir string, _ *treecache.Sums) error {
	var es []layer.Entry
	var opts []dirtree.Option
	if t := r.x.treeWith(r.os); r.fromImage && t != nil {
		r.x.o.Log.Info("writing "+r.what+" from the image's packages", "arch", r.os.Arch, "packages", len(r.os.Packages))
		es, opts = t.entriesOf(r.os.Packages), []dirtree.Option{dirtree.WithLinks(t.tree.ContentPath)}
	} else {
		r.x.o.Log.Info("installing "+r.what, "arch", r.os.Arch, "packages", len(r.os.Packages))
		t, err := r.x.installOS(ctx, r.os)
		if err != nil {
			return err
		}
		for _, g := range t.tree.Entries() {
			es = append(es, g.Entries...)
		}
	}
	if r.interpreter != "" {
		return bytecode.WriteRoot(ctx, dir, es, bytecode.Root{Interpreter: r.interpreter, Stdlib: r.stdlib, Tag: r.tag, Log: r.x.o.Log}, opts...)
	}
	return dirtree.Write(ctx, dir, es, opts...)
}
