package fetch

import (
	"bytes"
	"context"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// blobServer serves payload(size, seed) at /<seed>/<size>.
func blobServer(t *testing.T) *server {
	return newServer(t, func(w http.ResponseWriter, r *http.Request) {
		var seed, size int
		if _, err := fmt.Sscanf(r.URL.Path, "/%d/%d", &seed, &size); err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(payload(size, byte(seed)))
	})
}

func TestFetch(t *testing.T) {
	srv := blobServer(t)
	body := payload(70000, 7)
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		want    Want
		wantErr string // substring; empty for success
	}{
		{"sha256 and size", Want{SHA256: sha(body), Size: int64(len(body))}, ""},
		{"sha256 upper case", Want{SHA256: strings.ToUpper(sha(body))}, ""},
		{"no checks", Want{}, ""},
		{"verify callback", Want{Verify: func(p string) error {
			if b, _ := os.ReadFile(p); !bytes.Equal(b, body) {
				return errors.New("callback saw other bytes")
			}
			return nil
		}}, ""},
		{"sha256 mismatch", Want{SHA256: sha([]byte("other"))}, "the file's sha256 is " + sha(body) + ", want " + sha([]byte("other")) + "; it was not cached"},
		{"size too small", Want{Size: 100}, "the server sends more than the expected 100 bytes"},
		{"size too large", Want{Size: 80000}, "got 70000 bytes, want 80000"},
		{"verify fails", Want{Verify: func(string) error { return errors.New("bad signature") }}, "verifying " + srv.URL + "/7/70000: bad signature"},
		{"bad key", Want{Key: "../escape"}, `cache key "../escape" has a ".." element`},
		{"bad sha256", Want{SHA256: "abc"}, `expected sha256 "abc" is not 64 hex digits`},
		{"sha384", Want{Hashes: []Hash{{"sha384", sum384(body)}}}, ""},
		{"sha512 and sha256", Want{SHA256: sha(body), Hashes: []Hash{{"sha512", sum512(body)}}}, ""},
		{"sha512 mismatch", Want{Hashes: []Hash{{"sha512", sum512([]byte("other"))}}}, "the file's sha512 is " + sum512(body) + ", want " + sum512([]byte("other")) + "; it was not cached"},
		{"sha384 mismatch beside a good sha256", Want{SHA256: sha(body), Hashes: []Hash{{"sha384", sum384([]byte("x"))}}}, "the file's sha384 is " + sum384(body)},
		{"bad sha384", Want{Hashes: []Hash{{"sha384", "abc"}}}, `expected sha384 "abc" is not 96 hex digits`},
		{"md5 refused", Want{Hashes: []Hash{{"md5", "abc"}}}, `expected hash algorithm "md5" is not sha256, sha384 or sha512`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := newTestClient(t, "")
			w := tc.want
			w.URL = srv.URL + "/7/70000"
			if w.Key == "" {
				w.Key = "sha256/" + sha(body)
			}
			p, err := c.Fetch(ctx, w)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got %v, want an error containing %q", err, tc.wantErr)
				}
				if f := files(t, c.Dir()); len(f) != 0 {
					t.Errorf("cache holds %v after a failed fetch", f)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(c.Dir(), "blobs", "sha256", sha(body)); p != want {
				t.Errorf("path %s, want %s", p, want)
			}
			if !bytes.Equal(readFile(t, p), body) {
				t.Error("cached file differs from the served one")
			}
			// A hit needs no network.
			n := srv.count()
			if p2, err := c.Fetch(ctx, w); err != nil || p2 != p || srv.count() != n {
				t.Errorf("second fetch: %s, %v, %d new requests", p2, err, srv.count()-n)
			}
			if f := files(t, filepath.Join(c.Dir(), "tmp")); len(f) != 0 {
				t.Errorf("tmp holds %v after a fetch", f)
			}
		})
	}
}

func TestFetchOffline(t *testing.T) {
	srv := blobServer(t)
	dir := t.TempDir()
	w := Want{URL: srv.URL + "/1/100", Key: "k/one", Size: 100}
	off, _ := newTestClient(t, dir, WithOffline(true))
	_, err := off.Fetch(context.Background(), w)
	var oe *OfflineError
	if !errors.As(err, &oe) || oe.URL != w.URL {
		t.Fatalf("offline miss: got %v, want an *OfflineError for %s", err, w.URL)
	}
	on, _ := newTestClient(t, dir)
	if _, err := on.Fetch(context.Background(), w); err != nil {
		t.Fatal(err)
	}
	n := srv.count()
	if _, err := off.Fetch(context.Background(), w); err != nil || srv.count() != n {
		t.Fatalf("offline hit: %v, %d requests", err, srv.count()-n)
	}
	// A cached file of the wrong size is a miss.
	w.Size = 101
	if _, err := off.Fetch(context.Background(), w); !errors.As(err, &oe) {
		t.Fatalf("offline, wrong size: got %v, want an *OfflineError", err)
	}
}

func TestFetchLocal(t *testing.T) {
	src := filepath.Join(t.TempDir(), "pkg.apk")
	body := payload(3000, 9)
	if err := os.WriteFile(src, body, 0o644); err != nil {
		t.Fatal(err)
	}
	for i, url := range []string{src, "file://" + src} {
		c, _ := newTestClient(t, "", WithOffline(i == 1))
		p, err := c.Fetch(context.Background(), Want{URL: url, Key: "local/pkg", SHA256: sha(body)})
		if err != nil {
			t.Fatal(err)
		}
		if p == src || !bytes.Equal(readFile(t, p), body) {
			t.Errorf("%s: got %s, want a verified copy in the cache", url, p)
		}
	}
	c, _ := newTestClient(t, "")
	if _, err := c.Fetch(context.Background(), Want{URL: src, Key: "local/pkg", SHA256: sha([]byte("x"))}); err == nil {
		t.Error("a local file with the wrong sha256 was accepted")
	}
}

func TestFetchHTML(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/missing" {
			w.WriteHeader(http.StatusNotFound)
		}
		fmt.Fprint(w, "<html>Sign in</html>")
	})
	c, _ := newTestClient(t, "")
	for path, want := range map[string]string{
		"/portal":  "fetching " + srv.URL + "/portal: the server sent an HTML page instead of the file",
		"/missing": "fetching " + srv.URL + "/missing: 404 Not Found (an HTML error page)",
	} {
		_, err := c.Fetch(context.Background(), Want{URL: srv.URL + path, Key: "html"})
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", path, err, want)
		}
		_, err = c.Revalidate(context.Background(), srv.URL+path)
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("Revalidate %s: got %v, want %q", path, err, want)
		}
	}
}

func sum384(b []byte) string { s := sha512.Sum384(b); return hex.EncodeToString(s[:]) }
func sum512(b []byte) string { s := sha512.Sum512(b); return hex.EncodeToString(s[:]) }
