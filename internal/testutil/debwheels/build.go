package debwheels

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pyko-dev/pyko/internal/testutil/debroot"
)

// formatVersion is part of the cache key; bump it when the wheels made from
// the same packages change (the dists table is in the key already).
const formatVersion = "debwheels-v1"

// Build returns a directory holding only the .whl files made from Debian 12's
// packages for arch ("amd64" or "arm64"), building and caching them under
// cacheDir (default [debroot.DefaultCacheDir]) on first use. The directory
// is shared and must not be modified.
//
// The wheels are Flask 2.2.2 with Werkzeug, Jinja2, MarkupSafe (compiled,
// cp311 manylinux), itsdangerous, click and blinker; requests 2.28.1 with
// urllib3, six, idna, certifi, charset-normalizer and chardet; gunicorn
// 20.1.0 with setuptools (for pkg_resources), packaging and platformdirs.
// Debian's certifi returns /etc/ssl/certs/ca-certificates.crt instead of a
// bundled file, so HTTPS with requests needs the system CA bundle.
func Build(ctx context.Context, cacheDir, arch string) (string, error) {
	if _, ok := machines[arch]; !ok {
		return "", fmt.Errorf("building debian wheels: unsupported architecture %q (want amd64 or arm64)", arch)
	}
	if cacheDir == "" {
		d, err := debroot.DefaultCacheDir()
		if err != nil {
			return "", err
		}
		cacheDir = d
	}
	base := filepath.Join(cacheDir, "debwheels")
	final := filepath.Join(base, key(arch))
	wheels := filepath.Join(final, "wheels")
	err := debroot.Cached(ctx, base, arch, final, func() bool { return isDir(wheels) }, func(tmp string) (string, error) {
		return tmp, build(ctx, filepath.Join(base, "apt-"+arch), tmp, arch)
	})
	if err != nil {
		return "", fmt.Errorf("building debian wheels for %s: %w", arch, err)
	}
	return wheels, nil
}

// build downloads the packages into tmp and writes the wheels into
// tmp/wheels, leaving nothing else in tmp.
func build(ctx context.Context, aptDir, tmp, arch string) error {
	debDir := filepath.Join(tmp, "debs")
	if err := debroot.Download(ctx, aptDir, arch, debDir, packages()); err != nil {
		return err
	}
	unpacked := filepath.Join(tmp, "unpacked")
	if err := makeWheels(ctx, debDir, unpacked, filepath.Join(tmp, "wheels"), arch, dists); err != nil {
		return err
	}
	for _, d := range []string{debDir, unpacked} {
		if err := os.RemoveAll(d); err != nil {
			return fmt.Errorf("cleaning build dir: %w", err)
		}
	}
	return nil
}

// makeWheels unpacks the .deb files in debDir into unpackDir and writes
// the wheel of each of ds into outDir.
func makeWheels(ctx context.Context, debDir, unpackDir, outDir, arch string, ds []dist) error {
	debs, err := unpackAll(ctx, debDir, unpackDir, arch)
	if err != nil {
		return err
	}
	if err := os.Mkdir(outDir, 0o755); err != nil {
		return fmt.Errorf("creating wheel dir: %w", err)
	}
	for _, d := range ds {
		if _, err := makeWheel(ctx, d, debs, arch, outDir); err != nil {
			return err
		}
	}
	return nil
}

// key is the cache entry of arch: the architecture and a hash of the format
// version, the Debian packages and the whole dists table, so that editing a
// restored requirement makes new wheels.
func key(arch string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\n%q\n", formatVersion, arch, strings.Join(packages(), "\n"), dists)
	return arch + "-" + hex.EncodeToString(h.Sum(nil)[:8])
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
