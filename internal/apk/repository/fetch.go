package repository

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

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
	var alg string
	switch {
	case strings.HasPrefix(p.Checksum, "Q1"):
		alg = "sha1"
	case strings.HasPrefix(p.Checksum, "Q2"):
		alg = "sha256"
	default:
		return "", fmt.Errorf("the index gives no checksum (C:) for it, so it cannot be verified")
	}
	sum, err := base64.StdEncoding.DecodeString(p.Checksum[2:])
	if err != nil {
		return "", fmt.Errorf("reading its checksum %q: %w", p.Checksum, err)
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
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	pkg, err := expand.Expand(ctx, f, tmp, keys, expand.WithExpected(p))
	if err != nil {
		return err
	}
	defer pkg.Close()
	return pkg.VerifyAgainst(p)
}
