package repository

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/apk/signature"
	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
)

const indexPath = "/x86_64/" + IndexName

func TestIndexRevalidates(t *testing.T) {
	key, _ := testKeys(t)
	dir := writeRepo(t, key)
	srv := apkrepo.Serve(t, dir)
	cache := t.TempDir()
	c := newClient(t, cache)
	repo := Repository{URL: srv.URL + "/"}
	ctx := context.Background()

	idx, err := repo.Index(ctx, c, "x86_64", trust(t, key))
	if err != nil {
		t.Fatal(err)
	}
	if len(idx.Packages) != 3 || idx.SignedBy != key.Name {
		t.Fatalf("got %d packages signed by %q, want 3 signed by %s", len(idx.Packages), idx.SignedBy, key.Name)
	}
	for _, p := range idx.Packages {
		if p.Repository != repo.URL {
			t.Errorf("%s: Repository %q, want %q", p.ID(), p.Repository, repo.URL)
		}
	}
	metas, _ := filepath.Glob(filepath.Join(cache, "http", "*", "meta.json"))
	if len(metas) != 1 {
		t.Fatalf("cache holds %d index metadata files, want 1", len(metas))
	}
	before, _ := os.ReadFile(metas[0])

	if _, err := repo.Index(ctx, c, "x86_64", trust(t, key)); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(metas[0])
	if n := srv.Requests(indexPath); n != 2 {
		t.Errorf("%d requests for the index, want 2", n)
	}
	if string(before) != string(after) {
		t.Error("the second call rewrote the cached index: it was not answered with 304")
	}

	// A new package in the mirror: the index changes, the next call sees it.
	err = apkrepo.AddPackages(dir, "x86_64", []apkrepo.Package{{Info: apk.Package{Name: "newer", Version: "1-r0"}}}, key)
	if err != nil {
		t.Fatal(err)
	}
	idx, err = repo.Index(ctx, c, "x86_64", trust(t, key))
	if err != nil {
		t.Fatal(err)
	}
	if len(idx.Packages) != 4 {
		t.Errorf("after the mirror changed: %d packages, want 4", len(idx.Packages))
	}
}

func TestOfflineAfterOneRun(t *testing.T) {
	key, _ := testKeys(t)
	dir := writeRepo(t, key)
	writeFile(t, filepath.Join(dir, "keys", key.Name), key.PublicPEM())
	srv := apkrepo.Serve(t, dir)
	cache := t.TempDir()
	repo := Repository{URL: srv.URL}
	ctx := context.Background()
	keyURL := srv.URL + "/keys/" + key.Name

	online := newClient(t, cache)
	keys, err := LoadKeys(ctx, online, []string{keyURL})
	if err != nil {
		t.Fatal(err)
	}
	idx, err := repo.Index(ctx, online, "x86_64", keys)
	if err != nil {
		t.Fatal(err)
	}
	hello := find(t, idx.Packages, "hello")
	want, err := fetchOne(ctx, online, "x86_64", hello, keys)
	if err != nil {
		t.Fatal(err)
	}

	n := srv.TotalRequests()
	offline := newClient(t, cache, fetch.WithOffline(true))
	keys, err = LoadKeys(ctx, offline, []string{keyURL})
	if err != nil {
		t.Fatalf("offline keys: %v", err)
	}
	idx, err = repo.Index(ctx, offline, "x86_64", keys)
	if err != nil {
		t.Fatalf("offline index: %v", err)
	}
	got, err := fetchOne(ctx, offline, "x86_64", find(t, idx.Packages, "hello"), keys)
	if err != nil || got != want {
		t.Fatalf("offline package: %s, %v; want %s", got, err, want)
	}
	if srv.TotalRequests() != n {
		t.Errorf("offline runs made %d requests", srv.TotalRequests()-n)
	}
	_, err = fetchOne(ctx, offline, "x86_64", find(t, idx.Packages, "libfoo"), keys)
	var oe *fetch.OfflineError
	if !errors.As(err, &oe) || !strings.HasSuffix(oe.URL, "/x86_64/libfoo-2.0-r0.apk") {
		t.Errorf("offline miss: got %v, want an *OfflineError for libfoo", err)
	}
}

func TestIndexUntrusted(t *testing.T) {
	key, stranger := testKeys(t)
	for _, tc := range []struct {
		name    string
		opts    []apkrepo.Option
		keys    signature.Keyring
		wantErr string
	}{
		{"unknown key", []apkrepo.Option{apkrepo.IndexSignedBy(stranger)}, trust(t, key), `signed with key "stranger.rsa.pub", which is not in the keyring`},
		{"empty keyring", nil, signature.Keyring{}, `signed with key "pyko-test.rsa.pub"`},
		{"tampered", []apkrepo.Option{apkrepo.TamperIndex()}, trust(t, key), "does not verify"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := apkrepo.Serve(t, writeRepo(t, key, tc.opts...))
			_, err := Repository{URL: srv.URL}.Index(context.Background(), newClient(t, t.TempDir()), "x86_64", tc.keys)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("got %v, want an error containing %q", err, tc.wantErr)
			}
			if !strings.HasPrefix(err.Error(), "reading "+srv.URL+indexPath+": ") {
				t.Errorf("error %q does not name the index", err)
			}
		})
	}
	var uk *signature.UnknownKeyError
	srv := apkrepo.Serve(t, writeRepo(t, key, apkrepo.IndexSignedBy(stranger)))
	_, err := Repository{URL: srv.URL}.Index(context.Background(), newClient(t, t.TempDir()), "x86_64", trust(t, key))
	if !errors.As(err, &uk) || uk.Key != stranger.Name {
		t.Errorf("got %v, want a *signature.UnknownKeyError for %s", err, stranger.Name)
	}
}

func TestPackageURL(t *testing.T) {
	p := &apk.Package{Name: "py3.12-foo", Version: "1.0_rc1-r2"}
	for base, want := range map[string]string{
		"https://packages.wolfi.dev/os":  "https://packages.wolfi.dev/os/x86_64/py3.12-foo-1.0_rc1-r2.apk",
		"https://packages.wolfi.dev/os/": "https://packages.wolfi.dev/os/x86_64/py3.12-foo-1.0_rc1-r2.apk",
		"file:///srv/mirror":             "file:///srv/mirror/x86_64/py3.12-foo-1.0_rc1-r2.apk",
		"/srv/mirror":                    "/srv/mirror/x86_64/py3.12-foo-1.0_rc1-r2.apk",
	} {
		if got := (Repository{URL: base}).PackageURL("x86_64", p); got != want {
			t.Errorf("PackageURL for %s = %s, want %s", base, got, want)
		}
	}
}

func TestLocalRepository(t *testing.T) {
	key, _ := testKeys(t)
	dir := writeRepo(t, key)
	for _, base := range []string{dir, "file://" + filepath.ToSlash(dir)} {
		cache := t.TempDir()
		// Offline: a local repository needs no network and no earlier run.
		c := newClient(t, cache, fetch.WithOffline(true))
		idx, err := Repository{URL: base}.Index(context.Background(), c, "x86_64", trust(t, key))
		if err != nil {
			t.Fatalf("%s: %v", base, err)
		}
		p, err := fetchOne(context.Background(), c, "x86_64", find(t, idx.Packages, "libfoo"), trust(t, key))
		if err != nil {
			t.Fatalf("%s: %v", base, err)
		}
		if !strings.HasPrefix(p, cache) {
			t.Errorf("%s: package at %s, want a verified copy in the cache", base, p)
		}
	}
}
