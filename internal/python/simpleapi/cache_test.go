package simpleapi

import (
	"context"
	"encoding/json"
	"mime"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/testutil/pyindex"
)

// TestPagesInTheFetchCache: pages live in the fetch client's revalidating
// cache, one entry per URL and Accept header, so the same URL asked for as
// an index page (JSON) and as a --find-links page (HTML) gives two
// entries, each served offline with its own content type.
func TestPagesInTheFetchCache(t *testing.T) {
	dir, _ := world(t)
	s := pyindex.Serve(t, dir)
	cacheDir := t.TempDir()
	fc, err := fetch.New(cacheDir, fetch.WithLogger(quiet()), fetch.WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	links := s.IndexURL() + "flask/"
	c, _ := newClient(t, fc, []Index{{URL: s.IndexURL()}}, WithFindLinks(links))
	ctx := context.Background()
	online, err := c.Project(ctx, "flask")
	if err != nil {
		t.Fatal(err)
	}
	if n := s.Requests("/simple/flask/"); n != 2 {
		t.Errorf("%d requests for the page, want 2 (JSON, then HTML)", n)
	}
	types := map[string]string{}
	metas, _ := filepath.Glob(filepath.Join(cacheDir, "http", "*", "meta.json"))
	for _, m := range metas {
		var e fetch.Entry
		b, _ := os.ReadFile(m)
		if err := json.Unmarshal(b, &e); err != nil {
			t.Fatal(err)
		}
		types[e.Accept], _, _ = mime.ParseMediaType(e.ContentType)
	}
	if len(metas) != 2 || types[acceptSimple] != "application/vnd.pypi.simple.v1+json" || types["text/html"] != "text/html" {
		t.Errorf("cache entries %v: want a JSON one for the index and an HTML one for --find-links", types)
	}

	off, err := fetch.New(cacheDir, fetch.WithLogger(quiet()), fetch.WithOffline(true))
	if err != nil {
		t.Fatal(err)
	}
	c, _ = newClient(t, off, []Index{{URL: s.IndexURL()}}, WithFindLinks(links))
	before := s.TotalRequests()
	offline, err := c.Project(ctx, "flask")
	if err != nil || s.TotalRequests() != before {
		t.Fatalf("offline: %v, %d requests", err, s.TotalRequests()-before)
	}
	if !slices.EqualFunc(online.Files, offline.Files, func(a, b File) bool { return a.URL == b.URL && a.Index == b.Index }) {
		t.Errorf("offline files differ:\n%+v\n%+v", offline.Files, online.Files)
	}
}
