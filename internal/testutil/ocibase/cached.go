package ocibase

import (
	"context"
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
	err := debroot.Cached(ctx, base, arch, final, func() bool { return isLayout(final) }, func(tmp string) (string, error) {
		rootfs, err := debroot.Rootfs(ctx, cacheDir, arch, pkgs...)
		if err != nil {
			return "", err
		}
		_, err = Layout(ctx, rootfs, tmp, Tag, WithArch(arch))
		return tmp, err
	})
	if err != nil {
		return "", err
	}
	return final, nil
}

func isLayout(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "index.json"))
	return err == nil
}
