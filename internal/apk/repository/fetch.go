package repository

import (
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/apk/expand"
	"github.com/pyko-dev/pyko/internal/apk/signature"
	"github.com/pyko-dev/pyko/internal/fetch"
)

// FetchAll downloads the packages pkgs for arch (each with its Repository
// set, by Index or by a plan) into c's cache and returns their paths, in
// the order of pkgs. Before a file enters the cache, expand verifies it:
// its control stream against p.Checksum, its data stream against
// .PKGINFO's datahash, its signature when it carries one by a trusted key.
// A package that fails never enters the cache. A cached package is
// verified the same way before it is used (a flipped byte, or a key no
// longer trusted); a bad one is fetched again.
// Packages are fetched in parallel (at most the client's WithJobs at a
// time); the first failure cancels the other downloads.
func FetchAll(ctx context.Context, c *fetch.Client, arch string, pkgs []*apk.Package, keys signature.Keyring) ([]string, error) {
	ws := make([]fetch.Want, len(pkgs))
	for i, p := range pkgs {
		w, err := want(ctx, c, arch, p, keys)
		if err != nil {
			return nil, err
		}
		ws[i] = w
	}
	return c.FetchAll(ctx, ws)
}

// FetchExpanded is FetchAll for a caller about to install the packages:
// it returns each one expanded and verified (the data stream spooled in
// tmp), from the very expansion that verified the download or the cached
// file, so that no package is expanded twice. The caller closes them.
func FetchExpanded(ctx context.Context, c *fetch.Client, arch string, pkgs []*apk.Package, keys signature.Keyring, tmp string) ([]*expand.Package, error) {
	kept := make([]*expand.Package, len(pkgs))
	var mu sync.Mutex
	closeAll := func() {
		for _, k := range kept {
			if k != nil {
				k.Close()
			}
		}
	}
	ws := make([]fetch.Want, len(pkgs))
	for i, p := range pkgs {
		w, err := want(ctx, c, arch, p, keys)
		if err != nil {
			return nil, err
		}
		w.Verify = func(path string) error {
			ex, err := expandChecked(ctx, path, tmp, p, keys)
			if err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			if kept[i] != nil {
				kept[i].Close()
			}
			kept[i] = ex
			return nil
		}
		ws[i] = w
	}
	paths, err := c.FetchAll(ctx, ws)
	if err != nil {
		closeAll()
		return nil, err
	}
	for i, k := range kept {
		if k != nil {
			continue
		}
		// Every path passed Verify; should the client ever skip it, the
		// package is expanded and checked now.
		if kept[i], err = expandChecked(ctx, paths[i], tmp, pkgs[i], keys); err != nil {
			closeAll()
			return nil, err
		}
	}
	return kept, nil
}

// want is the download of p: its URL, its cache key and its verification.
func want(ctx context.Context, c *fetch.Client, arch string, p *apk.Package, keys signature.Keyring) (fetch.Want, error) {
	if p.Repository == "" {
		return fetch.Want{}, fmt.Errorf("fetching package %s: it has no repository (read it with Repository.Index)", p.ID())
	}
	key, err := CacheKey(arch, p)
	if err != nil {
		return fetch.Want{}, fmt.Errorf("fetching package %s: %w", p.ID(), err)
	}
	return fetch.Want{
		URL:    Repository{URL: p.Repository}.PackageURL(arch, p),
		Key:    key,
		Size:   p.Size,
		Verify: func(path string) error { return verify(ctx, path, filepath.Join(c.Dir(), "tmp"), p, keys) },
	}, nil
}

// CacheKey is the package's key in the fetch cache:
// apk/<arch>/<name>-<version>-<algorithm>-<hex checksum>, e.g.
// "apk/x86_64/glibc-2.43-r0-sha1-3f2a...". The checksum (which pins the
// control stream, which pins the data stream through datahash) is in the
// key, so a rebuilt package of the same version never collides with the
// old one; hex because base64 has "/" in it.
func CacheKey(arch string, p *apk.Package) (string, error) {
	// A "/" would nest the key, and also the package URL: refuse it here,
	// which Fetch does before it builds either.
	if strings.Contains(arch+p.Name+p.Version, "/") || p.Name == "" || p.Version == "" {
		return "", fmt.Errorf("bad name %q, version %q or architecture %q", p.Name, p.Version, arch)
	}
	if p.Checksum == "" {
		return "", fmt.Errorf("the index gives no checksum (C:) for it, so it cannot be verified")
	}
	alg, sum, err := apk.DecodeChecksum(p.Checksum)
	if err != nil {
		return "", fmt.Errorf("reading its checksum: %w", err)
	}
	key := "apk/" + arch + "/" + p.Name + "-" + p.Version + "-" + alg + "-" + hex.EncodeToString(sum)
	if err := fetch.CheckKey(key); err != nil {
		return "", err
	}
	return key, nil
}

// verify expands the downloaded or cached file and checks it against its
// index entry. The data stream is spooled in the cache's temporary
// directory tmp: on the same disk as the cache, where a large package has
// room (os.TempDir may be a small tmpfs), and never among the blobs.
func verify(ctx context.Context, path, tmp string, p *apk.Package, keys signature.Keyring) error {
	pkg, err := expandChecked(ctx, path, tmp, p, keys)
	if err != nil {
		return err
	}
	return pkg.Close()
}

// expandChecked expands the file at path, checked against p's index
// entry; the caller closes the result.
func expandChecked(ctx context.Context, path, tmp string, p *apk.Package, keys signature.Keyring) (*expand.Package, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	pkg, err := expand.Expand(ctx, f, tmp, keys, expand.WithExpected(p), expand.WithName(p.Filename()))
	if err != nil {
		return nil, err
	}
	if err := pkg.VerifyAgainst(p); err != nil {
		pkg.Close()
		return nil, err
	}
	return pkg, nil
}
