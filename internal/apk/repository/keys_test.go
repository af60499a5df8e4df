package repository

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk/signature"
	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
)

func TestLoadKeys(t *testing.T) {
	key, stranger := testKeys(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, key.Name), key.PublicPEM())
	writeFile(t, filepath.Join(dir, "other", key.Name), stranger.PublicPEM()) // same name, other key
	writeFile(t, filepath.Join(dir, "not-a-key.pub"), []byte("hello"))
	writeFile(t, filepath.Join(dir, "huge.pub"), make([]byte, maxKeySize+1))
	srv := apkrepo.Serve(t, dir)
	private := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != "robot" || p != "s3cret" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Write(key.PublicPEM())
	}))
	t.Cleanup(private.Close)
	wd, _ := os.Getwd()
	rel, err := filepath.Rel(wd, filepath.Join(dir, key.Name))
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, t.TempDir())
	ctx := context.Background()

	for _, tc := range []struct {
		name    string
		sources []string
		wantErr string
	}{
		{"path", []string{filepath.Join(dir, key.Name)}, ""},
		{"relative path", []string{rel}, ""},
		{"file URL", []string{"file://" + filepath.ToSlash(filepath.Join(dir, key.Name))}, ""},
		{"http URL", []string{srv.URL + "/" + key.Name}, ""},
		{"http URL with credentials", []string{strings.Replace(private.URL, "://", "://robot:s3cret@", 1) + "/keys/" + key.Name}, ""},
		{"same key twice", []string{filepath.Join(dir, key.Name), srv.URL + "/" + key.Name}, ""},
		{"missing", []string{srv.URL + "/missing.pub"}, "fetching " + srv.URL + "/missing.pub: 404 Not Found"},
		{"wrong password", []string{strings.Replace(private.URL, "://", "://robot:wrong@", 1) + "/k.pub"}, "fetching " + private.URL + "/k.pub: 401 Unauthorized"},
		{"not a key", []string{filepath.Join(dir, "not-a-key.pub")}, "not-a-key.pub: adding key \"not-a-key.pub\": no PEM block"},
		{"huge", []string{srv.URL + "/huge.pub"}, "huge.pub: larger than 65536 bytes"},
		{"no file name", []string{srv.URL + "/"}, "the URL names no file"},
		{"name clash", []string{filepath.Join(dir, key.Name), filepath.Join(dir, "other", key.Name)}, `gave another key of the same name "pyko-test.rsa.pub"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			keys, err := LoadKeys(ctx, c, tc.sources)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got %v, want an error containing %q", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), "wrong@") {
					t.Errorf("error leaks credentials: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if names := keys.Names(); len(names) != 1 || names[0] != key.Name {
				t.Fatalf("keyring %v, want [%s]", names, key.Name)
			}
			if signature.Fingerprint(keys[key.Name]) != signature.Fingerprint(&key.Private.PublicKey) {
				t.Error("loaded another key")
			}
		})
	}
}

func TestKeysVerifyIndex(t *testing.T) {
	// The end-to-end path: a key served by the repository verifies its index.
	key, _ := testKeys(t)
	dir := writeRepo(t, key)
	writeFile(t, filepath.Join(dir, key.Name), key.PublicPEM())
	srv := apkrepo.Serve(t, dir)
	c := newClient(t, t.TempDir())
	keys, err := LoadKeys(context.Background(), c, []string{srv.URL + "/" + key.Name})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (Repository{URL: srv.URL}).Index(context.Background(), c, "x86_64", keys); err != nil {
		t.Fatal(err)
	}
}
