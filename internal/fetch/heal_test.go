package fetch

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFetchHealsBadCacheEntry: a cached file that no longer passes the
// checks a download passes is removed with one warning line and fetched
// again, so that one bad entry does not fail every later build; offline it
// is an error that names the file and says to run online once.
func TestFetchHealsBadCacheEntry(t *testing.T) {
	srv := blobServer(t)
	body := payload(70000, 7)
	flip := func(b []byte) []byte { b[len(b)/2] ^= 1; return b }
	trunc := func(b []byte) []byte { return b[:len(b)/2] }
	// verifyBody fails on any other bytes, as an APK signature check does.
	verifyBody := func(p string) error {
		if b, _ := os.ReadFile(p); !bytes.Equal(b, body) {
			return errors.New("bad signature")
		}
		return nil
	}
	for _, tc := range []struct {
		name    string
		want    Want
		corrupt func([]byte) []byte
		why     string
	}{
		{"flipped byte, sha256", Want{SHA256: sha(body)}, flip, "the file's sha256 is"},
		{"flipped byte, sha256 and size", Want{SHA256: sha(body), Size: int64(len(body))}, flip, "the file's sha256 is"},
		{"flipped byte, sha512 only", Want{Hashes: []Hash{{"sha512", sum512(body)}}}, flip, "the file's sha512 is"},
		{"flipped byte, Verify only", Want{Verify: verifyBody}, flip, "bad signature"},
		{"truncated, sha256", Want{SHA256: sha(body)}, trunc, "the file's sha256 is"},
		{"truncated, size", Want{SHA256: sha(body), Size: int64(len(body))}, trunc, "35000 bytes, want 70000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			w := tc.want
			w.URL, w.Key = srv.URL+"/7/70000", "k/blob"
			c, logs := newTestClient(t, dir)
			p, err := c.Fetch(context.Background(), w)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, tc.corrupt(readFile(t, p)), 0o644); err != nil {
				t.Fatal(err)
			}
			off, _ := newTestClient(t, dir, WithOffline(true))
			_, err = off.Fetch(context.Background(), w)
			wantOff := "the cached file " + p + " is bad ("
			if err == nil || !strings.Contains(err.Error(), wantOff) || !strings.Contains(err.Error(), tc.why) ||
				!strings.HasSuffix(err.Error(), "run once without --offline to fetch it again") {
				t.Errorf("offline: got %v, want an error naming %s and %q", err, p, tc.why)
			}
			n := srv.count()
			p2, err := c.Fetch(context.Background(), w)
			if err != nil {
				t.Fatalf("a bad cache entry failed the fetch: %v", err)
			}
			if p2 != p || !bytes.Equal(readFile(t, p2), body) || srv.count() != n+1 {
				t.Errorf("got %d requests and other bytes, want the file fetched again", srv.count()-n)
			}
			var warns []string
			for _, l := range strings.Split(logs.String(), "\n") {
				if strings.Contains(l, "level=WARN") {
					warns = append(warns, l)
				}
			}
			if len(warns) != 1 || !strings.Contains(warns[0], filepath.Join(dir, "blobs", "k", "blob")) ||
				!strings.Contains(warns[0], tc.why) || !strings.Contains(warns[0], "removed, fetching it again") {
				t.Errorf("warnings: %q, want one line naming the file, %q and that it is fetched again", warns, tc.why)
			}
		})
	}
}

// TestFetchBadFreshCopy: when the fresh copy is bad too, the fetch fails.
func TestFetchBadFreshCopy(t *testing.T) {
	srv := blobServer(t)
	body := payload(70000, 7)
	c, _ := newTestClient(t, "")
	w := Want{URL: srv.URL + "/7/70000", Key: "k/blob", SHA256: sha(body)}
	p, err := c.Fetch(context.Background(), w)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(p, []byte("junk"), 0o644)
	w.SHA256 = sha([]byte("other"))
	if _, err := c.Fetch(context.Background(), w); err == nil || !strings.Contains(err.Error(), "it was not cached") {
		t.Fatalf("got %v, want the fresh copy's sha256 error", err)
	}
}
