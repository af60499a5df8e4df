package ocibase

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pyko-dev/pyko/internal/testutil/debroot"
)

// Tag is the tag of the image in layouts made by [Debian]: use the base as
// "oci:DIR:base".
const Tag = "base"

// Debian returns an OCI layout dir holding, under [Tag], an image of the
// Debian rootfs of pkgs (default debroot.PythonPackages) for arch, building
// the rootfs and the layout on first use and caching both under cacheDir
// (default debroot.DefaultCacheDir), keyed like the rootfs. The layout
// appears in the cache only once complete, and must not be modified.
func Debian(ctx context.Context, cacheDir, arch string, pkgs ...string) (string, error) {
	if cacheDir == "" {
		d, err := debroot.DefaultCacheDir()
		if err != nil {
			return "", err
		}
		cacheDir = d
	}
	base := filepath.Join(cacheDir, "ocibase")
	final := filepath.Join(base, debroot.Key(arch, pkgs...))
	if isLayout(final) {
		return final, nil
	}
	rootfs, err := debroot.Rootfs(ctx, cacheDir, arch, pkgs...)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(base, 0o755); err != nil {
		return "", fmt.Errorf("creating OCI base cache: %w", err)
	}
	unlock, err := debroot.Lock(ctx, filepath.Join(base, arch+".lock"))
	if err != nil {
		return "", err
	}
	defer unlock()
	if isLayout(final) {
		return final, nil
	}
	if err := removeStale(base, arch); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(base, ".tmp-"+arch+"-")
	if err != nil {
		return "", fmt.Errorf("creating OCI base build dir: %w", err)
	}
	defer os.RemoveAll(tmp)
	if _, err := Layout(ctx, rootfs, tmp, Tag, WithArch(arch)); err != nil {
		return "", err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", fmt.Errorf("setting OCI base mode: %w", err)
	}
	if err := os.Rename(tmp, final); err != nil {
		return "", fmt.Errorf("publishing OCI base to cache: %w", err)
	}
	return final, nil
}

// removeStale deletes arch's build dirs left by killed runs; the caller
// holds arch's lock.
func removeStale(base, arch string) error {
	stale, err := filepath.Glob(filepath.Join(base, ".tmp-"+arch+"-*"))
	if err != nil {
		return fmt.Errorf("listing stale build dirs: %w", err)
	}
	for _, s := range stale {
		if err := os.RemoveAll(s); err != nil {
			return fmt.Errorf("removing stale build dir: %w", err)
		}
	}
	return nil
}

func isLayout(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "index.json"))
	return err == nil
}
