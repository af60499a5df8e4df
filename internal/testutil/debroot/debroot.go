package debroot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// PythonPackages is the default package set: Debian 12's CPython 3.11 with
// the shared libraries that `import ssl, sqlite3, zlib, ctypes, json, uuid,
// decimal, bz2, lzma, readline, curses, dbm` need, plus the CA bundle (found
// through OpenSSL's default paths, without SSL_CERT_FILE) and the MIME types
// database. The interpreter is /usr/bin/python3.11.
//
// libpython3.11-stdlib also depends on libnsl2 and libtirpc3 (the deprecated
// nis module, which would pull in Kerberos); they are left out on purpose.
var PythonPackages = []string{
	"python3.11-minimal",
	"libpython3.11-minimal",
	"libpython3.11-stdlib",
	"libc6",
	"libgcc-s1",
	"gcc-12-base",
	"zlib1g",
	"libexpat1",
	"libssl3",
	"libffi8",
	"libsqlite3-0",
	"libbz2-1.0",
	"liblzma5",
	"libncursesw6",
	"libtinfo6",
	"libreadline8",
	"readline-common",
	"libuuid1",
	"libdb5.3",
	"libcrypt1",
	"ca-certificates",
	"openssl", // /usr/lib/ssl/cert.pem, OpenSSL's default CA file, links to the bundle
	"media-types",
}

// Interpreter is the path of the Python interpreter in a rootfs built from
// [PythonPackages].
const Interpreter = "/usr/bin/python3.11"

// cacheVersion is part of every cache key; bump it when the way a rootfs is
// made changes, so that old cache entries are not reused.
const cacheVersion = "debroot-v4"

// DefaultCacheDir returns the directory test fixtures are cached in:
// $PYKO_TEST_CACHE, else $XDG_CACHE_HOME/pyko-test, else ~/.cache/pyko-test.
func DefaultCacheDir() (string, error) {
	if d := os.Getenv("PYKO_TEST_CACHE"); d != "" {
		return d, nil
	}
	if d := os.Getenv("XDG_CACHE_HOME"); d != "" {
		return filepath.Join(d, "pyko-test"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("finding the test cache directory: %w", err)
	}
	return filepath.Join(home, ".cache", "pyko-test"), nil
}

// Key returns the cache key of a package set for arch: the architecture and a
// hash of the sorted, de-duplicated package names. Other fixture caches built
// from a rootfs (such as OCI layouts) use it too.
func Key(arch string, pkgs ...string) string {
	p := normalize(pkgs)
	h := sha256.Sum256([]byte(cacheVersion + "\n" + arch + "\n" + strings.Join(p, "\n")))
	return arch + "-" + hex.EncodeToString(h[:8])
}

// normalize returns pkgs sorted without duplicates, or [PythonPackages] when
// pkgs is empty.
func normalize(pkgs []string) []string {
	if len(pkgs) == 0 {
		pkgs = PythonPackages
	}
	p := slices.Clone(pkgs)
	slices.Sort(p)
	return slices.Compact(p)
}

// Rootfs returns the path of a root filesystem holding the Debian packages
// pkgs (default [PythonPackages]) for arch ("amd64", "arm64"), building and
// caching it under cacheDir (default [DefaultCacheDir]) on first use.
//
// Besides unpacking every .deb, it does natively what maintainer scripts and
// essential packages would: /etc/ssl/certs/ca-certificates.crt is the sorted
// concatenation of /usr/share/ca-certificates/**/*.crt when ca-certificates
// is in the set, /tmp exists with mode 1777, and /etc/passwd and /etc/group
// hold a root entry (as base-passwd would write).
//
// The returned directory is shared and must not be modified. Builds of the
// same architecture are serialised across processes with a file lock.
func Rootfs(ctx context.Context, cacheDir, arch string, pkgs ...string) (string, error) {
	if arch == "" {
		return "", errors.New("building debian rootfs: empty architecture")
	}
	if cacheDir == "" {
		d, err := DefaultCacheDir()
		if err != nil {
			return "", err
		}
		cacheDir = d
	}
	pkgs = normalize(pkgs)
	base := filepath.Join(cacheDir, "debroot")
	final := filepath.Join(base, Key(arch, pkgs...))
	rootfs := filepath.Join(final, "rootfs")
	err := Cached(ctx, base, arch, final, func() bool { return isDir(rootfs) }, func(tmp string) (string, error) {
		debs := filepath.Join(tmp, "debs")
		if err := Download(ctx, filepath.Join(base, "apt-"+arch), arch, debs, pkgs); err != nil {
			return "", err
		}
		return tmp, build(ctx, debs, filepath.Join(tmp, "rootfs"), slices.Contains(pkgs, "ca-certificates"))
	})
	if err != nil {
		return "", fmt.Errorf("building debian rootfs for %s: %w", arch, err)
	}
	return rootfs, nil
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
