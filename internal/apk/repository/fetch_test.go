package repository

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
)

func TestFetch(t *testing.T) {
	key, _ := testKeys(t)
	dir := writeRepo(t, key)
	srv := apkrepo.Serve(t, dir)
	cache := t.TempDir()
	c := newClient(t, cache)
	ctx := context.Background()
	keys := trust(t, key)
	idx, err := Repository{URL: srv.URL}.Index(ctx, c, "x86_64", keys)
	if err != nil {
		t.Fatal(err)
	}
	hello := find(t, idx.Packages, "hello")
	path, err := fetchOne(ctx, c, "x86_64", hello, keys)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(dir + "/x86_64/" + hello.Filename())
	if got, _ := os.ReadFile(path); !bytes.Equal(got, want) {
		t.Error("cached package differs from the repository's")
	}
	key2, _ := CacheKey("x86_64", hello)
	if !strings.HasSuffix(path, "/blobs/"+key2) || !strings.Contains(key2, "apk/x86_64/hello-1.2.3-r4-sha1-") {
		t.Errorf("cached at %s (key %s)", path, key2)
	}
	// A second fetch is a cache hit.
	n := srv.Requests("/x86_64/" + hello.Filename())
	if p2, err := fetchOne(ctx, c, "x86_64", hello, keys); err != nil || p2 != path || srv.Requests("/x86_64/"+hello.Filename()) != n {
		t.Errorf("second fetch: %s, %v, %d new requests", p2, err, srv.Requests("/x86_64/"+hello.Filename())-n)
	}
}

func TestFetchRejects(t *testing.T) {
	key, _ := testKeys(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		prepare func(t *testing.T, dir string, p *apk.Package) // breaks the repository or the entry
		wantErr string
	}{
		{"tampered data", func(t *testing.T, dir string, p *apk.Package) {
			// The same package rebuilt with a flipped data byte, served
			// under the original index entry.
			tampered := packages(true)[2]
			tampered.Info.Arch = "x86_64"
			f, err := os.Create(dir + "/x86_64/" + p.Filename())
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			e, err := apkrepo.WritePackage(f, tampered, key)
			if err != nil {
				t.Fatal(err)
			}
			p.Size = e.Size
		}, "does not match .PKGINFO's datahash"},
		{"wrong checksum", func(t *testing.T, dir string, p *apk.Package) {
			p.Checksum = "Q1" + strings.Repeat("A", 27) + "="
		}, "verifying " + "SRV" + "/x86_64/bad-1.0-r0.apk"},
		{"no checksum", func(t *testing.T, dir string, p *apk.Package) { p.Checksum = "" }, "the index gives no checksum (C:) for it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeRepo(t, key)
			srv := apkrepo.Serve(t, dir)
			cache := t.TempDir()
			c := newClient(t, cache)
			keys := trust(t, key)
			idx, err := Repository{URL: srv.URL}.Index(ctx, c, "x86_64", keys)
			if err != nil {
				t.Fatal(err)
			}
			bad := find(t, idx.Packages, "bad")
			tc.prepare(t, dir, bad)
			_, err = fetchOne(ctx, c, "x86_64", bad, keys)
			wantErr := strings.ReplaceAll(tc.wantErr, "SRV", srv.URL)
			if err == nil || !strings.Contains(err.Error(), wantErr) {
				t.Fatalf("got %v, want an error containing %q", err, wantErr)
			}
			if f := cachedFiles(t, cache, "blobs"); len(f) != 0 {
				t.Errorf("the cache kept %v", f)
			}
			if f := cachedFiles(t, cache, "tmp"); len(f) != 0 {
				t.Errorf("temporary files left: %v", f)
			}
		})
	}
}

func TestFetchAll(t *testing.T) {
	key, _ := testKeys(t)
	dir := writeRepo(t, key)
	srv := apkrepo.Serve(t, dir)
	c := newClient(t, t.TempDir(), fetch.WithJobs(2))
	ctx := context.Background()
	keys := trust(t, key)
	idx, err := Repository{URL: srv.URL}.Index(ctx, c, "x86_64", keys)
	if err != nil {
		t.Fatal(err)
	}
	pkgs := []*apk.Package{find(t, idx.Packages, "libfoo"), find(t, idx.Packages, "hello")}
	paths, err := FetchAll(ctx, c, "x86_64", pkgs, keys)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range pkgs {
		want, _ := os.ReadFile(dir + "/x86_64/" + p.Filename())
		if got, _ := os.ReadFile(paths[i]); !bytes.Equal(got, want) {
			t.Errorf("paths[%d] is not %s", i, p.Filename())
		}
	}
	pkgs = append(pkgs, &apk.Package{Name: "orphan", Version: "1-r0"})
	if _, err := FetchAll(ctx, c, "x86_64", pkgs, keys); err == nil || !strings.Contains(err.Error(), "orphan-1-r0: it has no repository") {
		t.Errorf("got %v, want an error about the package without repository", err)
	}
}
