package repository

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
)

// TestFetchHealsCachedPackage: a cached package that no longer verifies —
// a flipped byte, a truncation — is discarded with one warning line and fetched again.
func TestFetchHealsCachedPackage(t *testing.T) {
	keyA, _ := testKeys(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		signer *apkrepo.Key // signs the package first cached; keyA signs the repository after
		break_ func([]byte) []byte
		why    string
	}{
		{"flipped byte", keyA, func(b []byte) []byte { b[len(b)-100] ^= 1; return b }, "is bad"},
		{"truncated", keyA, func(b []byte) []byte { return b[:len(b)-100] }, "want"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeRepo(t, tc.signer)
			srv := apkrepo.Serve(t, dir)
			var logs bytes.Buffer
			c := newClient(t, t.TempDir(), fetch.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
			idx, err := Repository{URL: srv.URL}.Index(ctx, c, "x86_64", trust(t, tc.signer))
			if err != nil {
				t.Fatal(err)
			}
			hello := find(t, idx.Packages, "hello")
			path, err := fetchOne(ctx, c, "x86_64", hello, trust(t, tc.signer))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := os.ReadFile(path)
			writeFile(t, path, tc.break_(b))
			// The repository is now signed by keyA, the one trusted key.
			fresh := writeRepo(t, keyA)
			good, _ := os.ReadFile(fresh + "/x86_64/" + hello.Filename())
			writeFile(t, dir+"/x86_64/"+hello.Filename(), good)
			hello.Size = int64(len(good))
			p2, err := fetchOne(ctx, c, "x86_64", hello, trust(t, keyA))
			if err != nil {
				t.Fatalf("a bad cached package failed the fetch: %v", err)
			}
			if got, _ := os.ReadFile(p2); !bytes.Equal(got, good) {
				t.Error("the package was not fetched again")
			}
			warns := strings.Count(logs.String(), "level=WARN")
			if warns != 1 || !strings.Contains(logs.String(), path) || !strings.Contains(logs.String(), "fetching it again") {
				t.Errorf("logs %q: want one warning naming %s", logs.String(), path)
			}
		})
	}
}

// TestIndexHealsCachedIndex: a cached APKINDEX that no longer verifies
// with the keyring (here: its body and meta.json replaced by an index
// signed by a key not trusted, so that the server's 304 would keep it) is
// fetched again, with one warning line.
func TestIndexHealsCachedIndex(t *testing.T) {
	keyA, keyB := testKeys(t)
	ctx := context.Background()
	dir := writeRepo(t, keyA)
	srv := apkrepo.Serve(t, dir)
	var logs bytes.Buffer
	cache := t.TempDir()
	c := newClient(t, cache, fetch.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	if _, err := (Repository{URL: srv.URL}).Index(ctx, c, "x86_64", trust(t, keyA)); err != nil {
		t.Fatal(err)
	}
	e, err := c.HTTPCache("").Get(ctx, fetch.Request{URL: srv.URL + "/x86_64/APKINDEX.tar.gz"})
	if err != nil {
		t.Fatal(err)
	}
	other, _ := os.ReadFile(writeRepo(t, keyB) + "/x86_64/APKINDEX.tar.gz")
	writeFile(t, e.Path, other)
	meta := filepath.Join(filepath.Dir(e.Path), "meta.json")
	var m map[string]any
	b, _ := os.ReadFile(meta)
	json.Unmarshal(b, &m)
	sum := sha256.Sum256(other)
	m["size"], m["sha256"] = len(other), hex.EncodeToString(sum[:])
	b, _ = json.Marshal(m)
	writeFile(t, meta, b)
	logs.Reset()
	idx, err := Repository{URL: srv.URL}.Index(ctx, c, "x86_64", trust(t, keyA))
	if err != nil {
		t.Fatalf("a cached index signed by an untrusted key failed: %v", err)
	}
	find(t, idx.Packages, "hello")
	if strings.Count(logs.String(), "level=WARN") != 1 || !strings.Contains(logs.String(), "fails its check") {
		t.Errorf("logs %q: want one warning", logs.String())
	}
}

// TestFetchExpandedHeals: FetchExpanded gives the expansion that verified
// each package, from a download, from the cache, and after a bad cached
// file was fetched again; every one's data stream reads whole, and no
// spooled file outlives Close.
func TestFetchExpandedHeals(t *testing.T) {
	keyA, _ := testKeys(t)
	ctx := context.Background()
	dir := writeRepo(t, keyA)
	srv := apkrepo.Serve(t, dir)
	c := newClient(t, t.TempDir())
	idx, err := Repository{URL: srv.URL}.Index(ctx, c, "x86_64", trust(t, keyA))
	if err != nil {
		t.Fatal(err)
	}
	hello := find(t, idx.Packages, "hello")
	spool := t.TempDir()
	expandedOnce := func(step string) {
		t.Helper()
		exs, err := FetchExpanded(ctx, c, "x86_64", []*apk.Package{hello}, trust(t, keyA), spool)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if exs[0].Info.Name != "hello" {
			t.Errorf("%s: expanded %+v", step, exs[0].Info)
		}
		data, err := exs[0].Data()
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if n, err := io.Copy(io.Discard, data); err != nil || n == 0 {
			t.Errorf("%s: data stream %d bytes, %v", step, n, err)
		}
		data.Close()
		exs[0].Close()
		if left, _ := os.ReadDir(spool); len(left) != 0 {
			t.Errorf("%s: %d spooled files left after Close", step, len(left))
		}
	}
	expandedOnce("download")
	expandedOnce("cache hit")
	key, _ := CacheKey("x86_64", hello)
	cached := filepath.Join(c.Dir(), "blobs", key)
	if b, err := os.ReadFile(cached); err == nil {
		b[len(b)-100] ^= 1
		writeFile(t, cached, b)
	} else {
		t.Fatalf("the cached package is not at %s: %v", cached, err)
	}
	expandedOnce("healed")
}
