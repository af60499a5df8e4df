package simpleapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/testutil/pyindex"
)

// wheelNamed returns the file called name.
func wheelNamed(t *testing.T, files []File, name string) File {
	t.Helper()
	for _, f := range files {
		if f.Filename == name {
			return f
		}
	}
	t.Fatalf("no %s in %+v", name, files)
	return File{}
}

func TestMetadata(t *testing.T) {
	dir, _ := world(t)
	s := pyindex.Serve(t, dir)
	c, _ := newClient(t, newFetch(t), []Index{{URL: s.IndexURL()}})
	ctx := context.Background()
	p, err := c.Project(ctx, "flask")
	if err != nil {
		t.Fatal(err)
	}
	f := wheelNamed(t, p.Files, "flask-3.0.3-py3-none-any.whl")
	for i := 0; i < 2; i++ {
		meta, err := c.Metadata(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(meta), "Requires-Dist: Werkzeug>=3.0.0\n") {
			t.Errorf("metadata:\n%s", meta)
		}
	}
	if n := s.Requests("/files/flask-3.0.3-py3-none-any.whl.metadata"); n != 1 {
		t.Errorf("%d requests for the metadata, want 1 (then the cache)", n)
	}
	if s.FileRequests() != 0 {
		t.Errorf("%d wheels downloaded for metadata", s.FileRequests())
	}
	sdist := wheelNamed(t, p.Files, "flask-3.0.1.tar.gz")
	if _, err := c.Metadata(ctx, sdist); !errors.Is(err, ErrNoMetadata) {
		t.Errorf("an sdist without metadata: %v", err)
	}
	noHash := f
	noHash.MetadataHashes = nil
	if _, err := c.Metadata(ctx, noHash); !errors.Is(err, ErrNoMetadata) {
		t.Errorf("metadata without a sha256: %v", err)
	}

	legacy := pyindex.Serve(t, dir, pyindex.LegacyMetadata(), pyindex.HTMLOnly())
	c, _ = newClient(t, newFetch(t), []Index{{URL: legacy.IndexURL()}})
	p, err = c.Project(ctx, "flask")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Metadata(ctx, wheelNamed(t, p.Files, "flask-3.0.3-py3-none-any.whl")); err != nil {
		t.Errorf("metadata announced by data-dist-info-metadata only: %v", err)
	}
}

func TestMetadataLies(t *testing.T) {
	other := sha256.Sum256([]byte("other bytes"))
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/simple/a/" {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte(`<a href="/f/a-1-py3-none-any.whl" data-core-metadata="sha256=` + hex.EncodeToString(other[:]) + `">a</a>`))
			return
		}
		_, _ = w.Write([]byte("Metadata-Version: 2.1\nName: evil\n"))
	}))
	defer s.Close()
	c, _ := newClient(t, newFetch(t), []Index{{URL: s.URL + "/simple/"}})
	p, err := c.Project(context.Background(), "a")
	if err != nil {
		t.Fatal(err)
	}
	if meta, err := c.Metadata(context.Background(), p.Files[0]); err == nil {
		t.Errorf("metadata that does not match its sha256 was returned:\n%s", meta)
	}
}

func TestWant(t *testing.T) {
	dir, sums := world(t)
	s := pyindex.Serve(t, dir, pyindex.TruncateFile("werkzeug-3.0.1-py3-none-any.whl"))
	c, _ := newClient(t, newFetch(t), []Index{{URL: s.IndexURL()}})
	ctx := context.Background()
	p, err := c.Project(ctx, "flask")
	if err != nil {
		t.Fatal(err)
	}
	f := wheelNamed(t, p.Files, "flask-3.0.2-py3-none-any.whl")
	w, err := c.Want(f)
	if err != nil {
		t.Fatal(err)
	}
	if w.Key != "sha256/"+sums[f.Filename] || w.SHA256 != sums[f.Filename] || w.Size != f.Size {
		t.Errorf("Want %+v", w)
	}
	path, err := c.fc.Fetch(ctx, w)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != sums[f.Filename] {
		t.Error("the fetched wheel is not the written one")
	}
	p, err = c.Project(ctx, "werkzeug")
	if err != nil {
		t.Fatal(err)
	}
	w, _ = c.Want(p.Files[0])
	if _, err := c.fc.Fetch(ctx, w); err == nil {
		t.Error("a truncated download was accepted")
	}
	f.Hashes = nil
	if _, err := c.Want(f); err == nil || !strings.Contains(err.Error(), "no sha256") {
		t.Errorf("a file without sha256: %v", err)
	}
}
