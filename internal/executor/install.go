package executor

import (
	"cmp"
	"context"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/apk/expand"
	"github.com/pyko-dev/pyko/internal/apk/install"
	"github.com/pyko-dev/pyko/internal/apk/repository"
	"github.com/pyko-dev/pyko/internal/apk/signature"
	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/plan"
)

// osTree is one platform's installed OS: the tree and the packages as
// their own .PKGINFO describes them.
type osTree struct {
	tree      *install.Tree
	installed []*apk.Package
}

// installAll installs every platform's OS packages before any image is
// assembled: the image's creation time is the newest package of all. A
// platform whose facts (that date, the libraries its packages provide)
// the layer cache holds is not installed now, only if its layers are
// missing from the cache too.
func (x *execution) installAll(ctx context.Context) ([]*osTree, error) {
	trees := make([]*osTree, len(x.p.Platforms))
	for i, pl := range x.p.Platforms {
		if pl.OS == nil {
			continue
		}
		key, err := x.osKey(pl, "facts", time.Time{})
		if err != nil {
			return nil, err
		}
		var f osFacts
		if _, ok := x.layers.Get(ctx, key, &f); ok && f.Newest != 0 {
			x.noteFacts(pl, f)
			continue
		}
		if trees[i], err = x.installPlatform(ctx, pl); err != nil {
			return nil, err
		}
		f = factsOf(trees[i])
		if _, err := x.layers.Put(ctx, key, nil, f); err != nil {
			x.o.Log.Warn("could not cache the OS packages' facts", "error", err)
		}
		x.noteFacts(pl, f)
	}
	return trees, nil
}

func (x *execution) installPlatform(ctx context.Context, pl plan.Platform) (*osTree, error) {
	x.o.Log.Info("installing OS packages", "platform", pl.Platform, "packages", len(pl.OS.Packages))
	start := time.Now()
	t, err := x.installOS(ctx, pl.OS)
	if err != nil {
		return nil, fmt.Errorf("building for %s: %w", pl.Platform, err)
	}
	x.o.Log.Debug("installed OS packages", "platform", pl.Platform, "took", time.Since(start).Round(time.Millisecond))
	x.treesMu.Lock()
	x.trees = append(x.trees, t)
	x.treesMu.Unlock()
	return t, nil
}

func factsOf(t *osTree) osFacts {
	f := osFacts{Packages: packageFacts(t), Release: releaseOf(t)}
	so := map[string]bool{}
	for _, p := range t.installed {
		f.Newest = max(f.Newest, p.BuildTime)
		for _, d := range p.Provides {
			if name, ok := strings.CutPrefix(d.Name, "so:"); ok && !so[name] {
				so[name] = true
				f.Sonames = append(f.Sonames, name)
			}
		}
	}
	slices.Sort(f.Sonames)
	return f
}

func (x *execution) noteFacts(pl plan.Platform, f osFacts) {
	x.osFacts[pl.Platform] = &f
	if bt := time.Unix(f.Newest, 0).UTC(); bt.After(x.newestPackage) {
		x.newestPackage = bt
	}
	so := map[string]bool{}
	for _, n := range f.Sonames {
		so[n] = true
	}
	x.sonames[pl.Platform] = so
}

// installOS fetches the planned packages (each verified against the
// plan's checksum and the trusted keys), applies them in order to a fresh
// tree and finishes it as package scripts would have, without running any.
func (x *execution) installOS(ctx context.Context, o *plan.OS) (*osTree, error) {
	keys, pems, err := x.trusted(o.Keys)
	if err != nil {
		return nil, err
	}
	pkgs := x.packages(o)
	// Expanded once: the expansion that verified each download (or cached
	// file) is the one installed.
	exs, err := repository.FetchExpanded(ctx, x.o.Fetch, o.Arch, pkgs, keys, x.o.TempDir)
	if err != nil {
		return nil, err
	}
	defer func() {
		for _, ex := range exs {
			ex.Close()
		}
	}()
	dir, err := x.tempDir("tree-" + o.Arch + "-")
	if err != nil {
		return nil, err
	}
	t := &osTree{tree: install.New(dir, install.WithLogger(x.o.Log))}
	x.treesMu.Lock()
	x.opened = append(x.opened, t.tree)
	x.treesMu.Unlock()
	staged, err := stageAll(ctx, t.tree, pkgs, exs)
	if err != nil {
		return nil, err
	}
	for i, st := range staged {
		if err := t.tree.AddStaged(ctx, st); err != nil {
			return nil, fmt.Errorf("installing %s: %w", pkgs[i].ID(), err)
		}
		t.installed = append(t.installed, st.Package())
	}
	fin := install.Finish{Arch: o.Arch, Repositories: o.Repositories, Keys: pems}
	if a := o.Account; a != nil {
		fin.Account.Name, fin.Account.UID, fin.Account.GID, fin.Account.Home = a.Name, a.UID, a.GID, a.Home
	}
	if slices.ContainsFunc(t.installed, func(p *apk.Package) bool { return p.Name == "apk-tools" }) {
		// Only an image with apk in it needs to know its world.
		fin.World = o.World
	}
	if err := t.tree.Finish(ctx, fin); err != nil {
		return nil, fmt.Errorf("finishing the OS tree for %s: %w", o.Arch, err)
	}
	return t, nil
}

// packages are the plan's packages as the fetcher wants them: the
// configured repository URL (credentials included) for the plan's
// redacted one.
func (x *execution) packages(o *plan.OS) []*apk.Package {
	real := map[string]string{}
	for _, u := range x.o.Repositories {
		real[fetch.Redact(u)] = u
	}
	out := make([]*apk.Package, len(o.Packages))
	for i, p := range o.Packages {
		repo := p.Repository
		if u, ok := real[repo]; ok {
			repo = u
		}
		out[i] = &apk.Package{Name: p.Name, Version: p.Version, Arch: o.Arch, Checksum: p.Checksum, Size: p.Size,
			Repository: repo, Origin: p.Origin, InstalledSize: p.InstalledSize}
	}
	return out
}

// trusted returns the keys the plan names, each checked against its
// fingerprint, and their PEM form for an image that has apk-tools.
func (x *execution) trusted(want []plan.Key) (signature.Keyring, map[string][]byte, error) {
	keys := signature.Keyring{}
	pems := map[string][]byte{}
	for _, k := range want {
		have, ok := x.o.Keys[k.Name]
		if !ok {
			return nil, nil, fmt.Errorf("the plan trusts APK key %s (from %s), which is not loaded: pass it with --keyring", k.Name, k.Source)
		}
		if got := signature.Fingerprint(have); got != k.SHA256 {
			return nil, nil, fmt.Errorf("APK key %s has sha256 %s, but the plan trusts %s: the key changed since the plan was made; check it, then plan again", k.Name, got, k.SHA256)
		}
		der, err := x509.MarshalPKIXPublicKey(have)
		if err != nil {
			return nil, nil, fmt.Errorf("encoding key %s: %w", k.Name, err)
		}
		keys[k.Name] = have
		pems[k.Name] = pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	}
	return keys, pems, nil
}

// stageAll reads every package's data into the tree's store at once,
// biggest first, at most GOMAXPROCS at a time: decompressing, hashing and
// writing the bytes is most of installing, and one package after the other
// left all cores but one idle. The results come in pkgs' order.
func stageAll(ctx context.Context, tree *install.Tree, pkgs []*apk.Package, exs []*expand.Package) ([]*install.Staged, error) {
	order := make([]int, len(pkgs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(pkgs[b].InstalledSize, pkgs[a].InstalledSize) })
	staged := make([]*install.Staged, len(pkgs))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, i := range order {
		g.Go(func() error {
			full := *exs[i].Info
			full.Checksum, full.Size, full.Repository = pkgs[i].Checksum, pkgs[i].Size, pkgs[i].Repository
			data, err := exs[i].Data()
			if err != nil {
				return fmt.Errorf("reading %s: %w", pkgs[i].ID(), err)
			}
			defer data.Close()
			if staged[i], err = tree.Stage(gctx, &full, data); err != nil {
				return fmt.Errorf("installing %s: %w", pkgs[i].ID(), err)
			}
			return nil
		})
	}
	return staged, g.Wait()
}

// treeWith is a tree this execution installed that holds every package
// of o, each the same version with the same checksum; nil if none does.
func (x *execution) treeWith(o *plan.OS) *osTree {
	x.treesMu.Lock()
	defer x.treesMu.Unlock()
	for _, t := range x.trees {
		have := map[string]string{}
		for _, p := range t.installed {
			have[p.Name] = p.Version + " " + p.Checksum
		}
		all := true
		for _, p := range o.Packages {
			all = all && have[p.Name] == p.Version+" "+p.Checksum
		}
		if all && len(o.Packages) > 0 {
			return t
		}
	}
	return nil
}

// entriesOf are the files of the named packages, as installed in t.
func (t *osTree) entriesOf(pkgs []plan.OSPackage) []layer.Entry {
	names := map[string]bool{}
	for _, p := range pkgs {
		names[p.Name] = true
	}
	var es []layer.Entry
	for _, g := range t.tree.Entries() {
		if names[g.Owner] {
			es = append(es, g.Entries...)
		}
	}
	return es
}
