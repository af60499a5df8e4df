package fetch

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHTTPCacheHealsBadEntry: a cached copy that is corrupt (flipped byte,
// truncated, garbage meta.json) or fails the caller's Check is not trusted
// on a 304: one warning line names it, it is fetched again, and the build
// goes on. Offline it is an error naming it that says to run online once.
func TestHTTPCacheHealsBadEntry(t *testing.T) {
	neg := &negotiating{}
	srv := newServer(t, neg.ServeHTTP)
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		corrupt func(t *testing.T, e *Entry) // breaks the cached entry
		check   func(path string) error      // the second Get's Check
		why     string
	}{
		{"flipped byte", func(t *testing.T, e *Entry) {
			b := readFile(t, e.Path)
			b[3] ^= 1
			os.WriteFile(e.Path, b, 0o644)
		}, nil, "does not match its size and sha256 in meta.json"},
		{"truncated", func(t *testing.T, e *Entry) { os.Truncate(e.Path, 4) }, nil, "does not match its size and sha256"},
		{"garbage meta.json", func(t *testing.T, e *Entry) {
			os.WriteFile(filepath.Join(filepath.Dir(e.Path), "meta.json"), []byte("{garbage"), 0o644)
		}, nil, "meta.json is not valid JSON"},
		{"fails the caller's check", func(*testing.T, *Entry) {}, func(p string) error {
			if strings.Contains(string(readFile(t, p)), "a-0") {
				return errors.New("signed by a key no longer trusted")
			}
			return nil
		}, "fails its check (signed by a key no longer trusted)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			neg.version.Store(0)
			dir := t.TempDir()
			c, logs := newTestClient(t, dir)
			r := Request{URL: srv.URL + "/simple/a/", HTML: true}
			e, err := c.HTTPCache("").Get(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			tc.corrupt(t, e)
			r.Check = tc.check
			off, _ := newTestClient(t, dir, WithOffline(true))
			_, err = off.HTTPCache("").Get(ctx, r)
			if err == nil || !strings.Contains(err.Error(), tc.why) || !strings.Contains(err.Error(), dir) ||
				!strings.HasSuffix(err.Error(), "run once without --offline to fetch it again") {
				t.Errorf("offline: got %v, want an error naming the cache and %q", err, tc.why)
			}
			if tc.check != nil {
				neg.version.Store(1) // the server has a copy that passes
			}
			e2, err := c.HTTPCache("").Get(ctx, r)
			if err != nil {
				t.Fatalf("a bad cached copy failed the request: %v", err)
			}
			if want := []string{`<a href="a-0.whl">a</a>`, `<a href="a-1.whl">a</a>`}[neg.version.Load()]; string(readFile(t, e2.Path)) != want {
				t.Errorf("got %q, want %q", readFile(t, e2.Path), want)
			}
			var warns []string
			for _, l := range strings.Split(logs.String(), "\n") {
				if strings.Contains(l, "level=WARN") {
					warns = append(warns, l)
				}
			}
			if len(warns) != 1 || !strings.Contains(warns[0], tc.why) || !strings.Contains(warns[0], "fetching it again") {
				t.Errorf("warnings %q, want one line saying %q", warns, tc.why)
			}
		})
	}
	// A fresh copy that fails the check is an error and is not kept.
	neg.version.Store(0)
	c, _ := newTestClient(t, "")
	_, err := c.HTTPCache("").Get(ctx, Request{URL: srv.URL + "/simple/a/", HTML: true, Check: func(string) error { return errors.New("no parse") }})
	if err == nil || !strings.Contains(err.Error(), "no parse; it was not cached") {
		t.Errorf("fresh copy failing its check: got %v", err)
	}
}
