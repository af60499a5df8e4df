package repository

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"strings"
	"testing"

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
