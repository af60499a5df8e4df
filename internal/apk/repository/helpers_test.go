package repository

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/apk/signature"
	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
)

var (
	keysOnce sync.Once
	keyA     *apkrepo.Key // the repository's key
	keyB     *apkrepo.Key // another key, not trusted by default
)

// testKeys returns two keys shared by the package's tests (RSA key
// generation is slow).
func testKeys(t *testing.T) (*apkrepo.Key, *apkrepo.Key) {
	t.Helper()
	keysOnce.Do(func() {
		var err error
		if keyA, err = apkrepo.NewKey("pyko-test.rsa.pub"); err != nil {
			t.Fatal(err)
		}
		if keyB, err = apkrepo.NewKey("stranger.rsa.pub"); err != nil {
			t.Fatal(err)
		}
	})
	return keyA, keyB
}

func trust(t *testing.T, keys ...*apkrepo.Key) signature.Keyring {
	t.Helper()
	kr := signature.Keyring{}
	for _, k := range keys {
		if err := kr.Add(k.Name, k.PublicPEM()); err != nil {
			t.Fatal(err)
		}
	}
	return kr
}

// packages are the test repository's contents; "bad" is tampered when
// tamper is set.
func packages(tamper bool) []apkrepo.Package {
	bad := apkrepo.Package{
		Info:  apk.Package{Name: "bad", Version: "1.0-r0", BuildTime: 1700000000},
		Files: []apkrepo.File{{Path: "usr/bin/bad", Mode: 0o755, Content: []byte("#!/bin/sh\necho bad\n")}},
	}
	if tamper {
		bad.Options = []apkrepo.Option{apkrepo.TamperData()}
	}
	return []apkrepo.Package{
		{
			Info:  apk.Package{Name: "hello", Version: "1.2.3-r4", BuildTime: 1700000000, Depends: []apk.Dependency{{Name: "libfoo"}}},
			Files: []apkrepo.File{{Path: "usr/bin/hello", Mode: 0o755, Content: []byte("#!/bin/sh\necho hello\n")}},
		},
		{
			Info:  apk.Package{Name: "libfoo", Version: "2.0-r0", BuildTime: 1700000500},
			Files: []apkrepo.File{{Path: "usr/lib/libfoo.so.2", Content: []byte("\x7fELF not really")}},
		},
		bad,
	}
}

// writeRepo writes a repository for x86_64 into a new directory.
func writeRepo(t *testing.T, key *apkrepo.Key, opts ...apkrepo.Option) string {
	t.Helper()
	dir := t.TempDir()
	if err := apkrepo.WriteRepo(dir, "x86_64", packages(false), key, opts...); err != nil {
		t.Fatal(err)
	}
	return dir
}

func newClient(t *testing.T, cacheDir string, opts ...fetch.Option) *fetch.Client {
	t.Helper()
	opts = append([]fetch.Option{fetch.WithLogger(slog.New(slog.DiscardHandler)), fetch.WithRetries(0)}, opts...)
	c, err := fetch.New(cacheDir, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func find(t *testing.T, pkgs []*apk.Package, name string) *apk.Package {
	t.Helper()
	for _, p := range pkgs {
		if p.Name == name {
			return p
		}
	}
	t.Fatalf("no package %s in the index", name)
	return nil
}

// cachedFiles lists the regular files under dir/sub.
func cachedFiles(t *testing.T, dir, sub string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(filepath.Join(dir, sub), func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			out = append(out, p)
		}
		return nil
	})
	return out
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// fetchOne fetches one package with FetchAll.
func fetchOne(ctx context.Context, c *fetch.Client, arch string, p *apk.Package, keys signature.Keyring) (string, error) {
	paths, err := FetchAll(ctx, c, arch, []*apk.Package{p}, keys)
	if err != nil {
		return "", err
	}
	return paths[0], nil
}
