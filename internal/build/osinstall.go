package build

import (
	"context"
	"fmt"
	"os"
	"slices"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/apk/expand"
	"github.com/pyko-dev/pyko/internal/apk/install"
	"github.com/pyko-dev/pyko/internal/apk/repository"
	"github.com/pyko-dev/pyko/internal/image"
)

// installOS applies the packages in order to a fresh tree and finishes it
// as package scripts would have, without running any.
func (b *builder) installOS(ctx context.Context, s *osSource, p *osPlan, acct image.Account) (*install.Tree, []*apk.Package, error) {
	paths, err := repository.FetchAll(ctx, s.client, p.Arch, p.Packages, s.keys)
	if err != nil {
		return nil, nil, err
	}
	dir, err := os.MkdirTemp(b.tmp, "tree-"+p.Arch+"-")
	if err != nil {
		return nil, nil, err
	}
	tree := install.New(dir)
	var installed []*apk.Package
	for i, pkg := range p.Packages {
		full, err := b.installOne(ctx, s, tree, pkg, paths[i])
		if err != nil {
			return nil, nil, err
		}
		installed = append(installed, full)
	}
	fin := install.Finish{Arch: p.Arch, Repositories: s.redactedURLs(), Keys: s.pems}
	fin.Account.Name, fin.Account.UID, fin.Account.GID, fin.Account.Home = acct.Name, acct.UID, acct.GID, acct.Home
	if slices.ContainsFunc(installed, func(p *apk.Package) bool { return p.Name == "apk-tools" }) {
		// Only an image with apk in it needs to know its world.
		fin.World = worldStrings(p.World)
	}
	if err := tree.Finish(ctx, fin); err != nil {
		return nil, nil, fmt.Errorf("finishing the OS tree for %s: %w", p.Arch, err)
	}
	return tree, installed, nil
}

// installOne expands one cached package and adds its files to the tree.
// The installed-db metadata is the package's own .PKGINFO plus the index's
// checksum and size, so a build from pyko.lock and one from the index
// write the same database.
func (b *builder) installOne(ctx context.Context, s *osSource, tree *install.Tree, pkg *apk.Package, path string) (*apk.Package, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// WithExpected checks the control checksum the signed index (or the
	// lock) gives before anything of the package is parsed.
	ex, err := expand.Expand(ctx, f, b.tmp, s.keys, expand.WithExpected(pkg), expand.WithName(pkg.Filename()))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", pkg.ID(), err)
	}
	defer ex.Close()
	full := *ex.Info
	full.Checksum, full.Size, full.Repository = pkg.Checksum, pkg.Size, pkg.Repository
	data, err := ex.Data()
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", pkg.ID(), err)
	}
	defer data.Close()
	if err := tree.Add(ctx, &full, data); err != nil {
		return nil, fmt.Errorf("installing %s: %w", pkg.ID(), err)
	}
	return &full, nil
}
