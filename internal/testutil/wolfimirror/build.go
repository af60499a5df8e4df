package wolfimirror

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
	"github.com/pyko-dev/pyko/internal/testutil/debroot"
)

// formatVersion is part of every cache key; bump it when the way the mirror
// is made changes, so that old cache entries are not reused.
const formatVersion = "wolfimirror-v5"

// Build returns the root of a signed mirror for arch ("amd64" or "arm64";
// "x86_64" and "aarch64" work too): <root>/<apk arch>/APKINDEX.tar.gz and
// the packages, plus <root>/<key.Name>, the public key, as Wolfi publishes
// its own next to the index. It builds and caches it under cacheDir
// (default debroot.DefaultCacheDir()) on first use, keyed by architecture,
// package set, format version and key; an entry appears only once complete,
// and builds of one architecture are serialised with a file lock.
//
// The returned directory is shared: do not modify it. [Clone] it first to
// add packages ([AddNewerVersion]).
func Build(ctx context.Context, cacheDir, arch string, key *apkrepo.Key) (repoDir string, err error) {
	a, err := lookupArch(arch)
	if err != nil {
		return "", fmt.Errorf("building wolfi mirror: %w", err)
	}
	if key == nil {
		return "", errors.New("building wolfi mirror: no signing key")
	}
	if cacheDir == "" {
		if cacheDir, err = debroot.DefaultCacheDir(); err != nil {
			return "", err
		}
	}
	base := filepath.Join(cacheDir, "wolfimirror")
	final := filepath.Join(base, cacheKey(a, key))
	done := func() bool { return isFile(filepath.Join(final, a.apk, apkrepo.IndexName)) }
	start := time.Now()
	err = debroot.Cached(ctx, base, a.deb, final, done, func(tmp string) (string, error) {
		return filepath.Join(tmp, "repo"), build(ctx, filepath.Join(base, "apt-"+a.deb), tmp, a, key)
	})
	if err != nil {
		return "", fmt.Errorf("building wolfi mirror for %s: %w", a.deb, err)
	}
	slog.Debug("wolfi mirror ready", "arch", a.deb, "dir", final, "took", time.Since(start))
	return final, nil
}

// build downloads and unpacks the debs into tmp and writes tmp/repo.
func build(ctx context.Context, aptState, tmp string, a archInfo, key *apkrepo.Key) error {
	debDir := filepath.Join(tmp, "debs")
	if err := debroot.Download(ctx, aptState, a.deb, debDir, debPackages(a)); err != nil {
		return err
	}
	files, err := filepath.Glob(filepath.Join(debDir, "*.deb"))
	if err != nil || len(files) == 0 {
		return fmt.Errorf("no .deb files in %s (%v)", debDir, err)
	}
	unpacked := make([]*deb, len(files))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(4)
	for i, f := range files {
		g.Go(func() error {
			d, err := unpackDeb(gctx, f, filepath.Join(tmp, "x", strings.TrimSuffix(filepath.Base(f), ".deb")))
			unpacked[i] = d
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	b := &builder{ctx: ctx, arch: a, debs: map[string]*deb{}, tmp: tmp}
	for _, d := range unpacked {
		b.debs[d.name] = d
	}
	var pkgs []apkrepo.Package
	for i := range recipes {
		p, err := b.pkg(&recipes[i])
		if err != nil {
			return err
		}
		pkgs = append(pkgs, p)
	}
	repo := filepath.Join(tmp, "repo")
	if err := apkrepo.WriteRepo(repo, a.apk, pkgs, key, apkrepo.IndexSHA1(), apkrepo.Description("pyko offline wolfi mirror (Debian 12 "+a.deb+")")); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(repo, key.Name), key.PublicPEM(), 0o644); err != nil {
		return fmt.Errorf("publishing the public key: %w", err)
	}
	return nil
}

// cacheKey names a cache entry: the architecture and a hash of the format
// version, the Debian package set, the recipes' data (their functions are
// covered by formatVersion) and the signing key.
func cacheKey(a archInfo, key *apkrepo.Key) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\n", formatVersion, a.deb, strings.Join(debPackages(a), " "))
	for _, r := range recipes {
		fmt.Fprintf(h, "%q %q %q %q %q %q %q %d %q %q %q\n", r.name, r.origin, r.debs, r.versionFrom,
			r.only, r.drop, r.depends, r.providerPriority, r.license, r.desc, r.stdlib)
	}
	fmt.Fprintf(h, "\n%s\n%s", key.Name, key.PublicPEM())
	return a.deb + "-" + hex.EncodeToString(h.Sum(nil)[:8])
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}
