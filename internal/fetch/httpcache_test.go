package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// negotiating serves an index page as PEP 691 JSON or HTML by the Accept
// header, each with its own ETag, answering conditional requests.
type negotiating struct {
	version atomic.Int64
}

func (n *negotiating) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	v := n.version.Load()
	ct, body := "text/html", fmt.Sprintf("<a href=\"a-%d.whl\">a</a>", v)
	if strings.Contains(r.Header.Get("Accept"), "json") {
		ct, body = "application/vnd.pypi.simple.v1+json", fmt.Sprintf(`{"v":%d}`, v)
	}
	etag := fmt.Sprintf(`"%s-%d"`, ct, v)
	w.Header().Set("Vary", "Accept")
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", ct)
	fmt.Fprint(w, body)
}

const (
	acceptJSON = "application/vnd.pypi.simple.v1+json, text/html;q=0.01"
	acceptHTML = "text/html"
)

func TestHTTPCacheNegotiated(t *testing.T) {
	neg := &negotiating{}
	srv := newServer(t, neg.ServeHTTP)
	dir := t.TempDir()
	c, _ := newTestClient(t, dir)
	h := c.HTTPCache("")
	ctx := context.Background()
	get := func(h *HTTPCache, accept string) *Entry {
		t.Helper()
		e, err := h.Get(ctx, Request{URL: srv.URL + "/simple/a/", Accept: accept, HTML: true})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	tests := []struct {
		accept, contentType, body0, body1 string
	}{
		{acceptJSON, "application/vnd.pypi.simple.v1+json", `{"v":0}`, `{"v":1}`},
		{acceptHTML, "text/html", `<a href="a-0.whl">a</a>`, `<a href="a-1.whl">a</a>`},
	}
	paths := map[string]bool{}
	for _, tc := range tests {
		e := get(h, tc.accept)
		if e.ContentType != tc.contentType || e.Accept != tc.accept || string(readFile(t, e.Path)) != tc.body0 {
			t.Errorf("%s: type %q, accept %q, body %q", tc.accept, e.ContentType, e.Accept, readFile(t, e.Path))
		}
		paths[e.Path] = true
	}
	if len(paths) != 2 {
		t.Fatalf("JSON and HTML share an entry: %v", paths)
	}

	// 304: the same copy, its metadata kept.
	for i, tc := range tests {
		before := srv.count()
		e := get(h, tc.accept)
		if got := srv.header(before).Get("If-None-Match"); got != fmt.Sprintf(`"%s-0"`, tc.contentType) {
			t.Errorf("%s: If-None-Match %q: want this entry's own ETag", tc.accept, got)
		}
		if e.ContentType != tc.contentType || string(readFile(t, e.Path)) != tc.body0 || e.SHA256 != sha([]byte(tc.body0)) {
			t.Errorf("revalidated %d: %+v", i, e)
		}
	}

	// A new version: a changed ETag, a new copy.
	neg.version.Add(1)
	for _, tc := range tests {
		if e := get(h, tc.accept); string(readFile(t, e.Path)) != tc.body1 || e.ETag != fmt.Sprintf(`"%s-1"`, tc.contentType) {
			t.Errorf("%s after a change: %q, ETag %s", tc.accept, readFile(t, e.Path), e.ETag)
		}
	}

	// Offline: each negotiated copy, without a request; a miss is an
	// *OfflineError.
	off, _ := newTestClient(t, dir, WithOffline(true))
	before := srv.count()
	for _, tc := range tests {
		if e := get(off.HTTPCache(""), tc.accept); string(readFile(t, e.Path)) != tc.body1 || e.ContentType != tc.contentType {
			t.Errorf("offline %s: %q, %q", tc.accept, readFile(t, e.Path), e.ContentType)
		}
	}
	_, err := off.HTTPCache("").Get(ctx, Request{URL: srv.URL + "/simple/a/", Accept: "application/json"})
	var oe *OfflineError
	if !errors.As(err, &oe) {
		t.Errorf("offline, another Accept: %v, want an *OfflineError", err)
	}
	if srv.count() != before {
		t.Errorf("offline: %d requests", srv.count()-before)
	}
}

func TestHTTPCacheRequests(t *testing.T) {
	page := []byte("<html><a href='x'>x</a></html>")
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/redirect/":
			http.Redirect(w, r, "/moved/", http.StatusFound)
			return
		case "/big":
			w.Write(payload(2000, 1))
			return
		}
		w.Header().Set("Content-Type", "text/html")
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			zw.Write(page)
			zw.Close()
			return
		}
		w.Write(page)
	})
	c, _ := newTestClient(t, "")
	ctx := context.Background()
	for _, tc := range []struct {
		name     string
		req      Request
		wantErr  string
		wantBody []byte
		wantEnc  string // Accept-Encoding sent
		wantBase string
	}{
		{"html refused", Request{URL: srv.URL + "/page/"}, "an HTML page instead of the file", nil, "identity", ""},
		{"html", Request{URL: srv.URL + "/page/", HTML: true}, "", page, "identity", srv.URL + "/page/"},
		{"gzip", Request{URL: srv.URL + "/gz/", HTML: true, Gzip: true}, "", page, "gzip", srv.URL + "/gz/"},
		{"redirect", Request{URL: srv.URL + "/redirect/", HTML: true}, "", page, "identity", srv.URL + "/moved/"},
		{"too large", Request{URL: srv.URL + "/big", MaxSize: 1000}, "the server sends more than the allowed 1000 bytes", nil, "identity", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := srv.count()
			e, err := c.HTTPCache("").Get(ctx, tc.req)
			if got := srv.header(before).Get("Accept-Encoding"); got != tc.wantEnc {
				t.Errorf("Accept-Encoding %q, want %q", got, tc.wantEnc)
			}
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got %v, want an error containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(readFile(t, e.Path), tc.wantBody) || e.BaseURL() != tc.wantBase {
				t.Errorf("body %q, base %s; want %q, %s", readFile(t, e.Path), e.BaseURL(), tc.wantBody, tc.wantBase)
			}
		})
	}
}

func TestHTTPCacheKeepsNoCredentials(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != "robot" || p != "s3cret" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if r.URL.Path == "/start" {
			http.Redirect(w, r, "/index", http.StatusFound)
			return
		}
		w.Header().Set("ETag", `"1"`)
		w.Write([]byte("index"))
	})
	host := strings.TrimPrefix(srv.URL, "http://")
	cache := t.TempDir()
	c, _ := newTestClient(t, "")
	e, err := c.HTTPCache(cache).Get(context.Background(), Request{URL: "http://robot:s3cret@" + host + "/start", Accept: "text/plain"})
	if err != nil {
		t.Fatal(err)
	}
	if e.URL != srv.URL+"/start" || e.FinalURL != srv.URL+"/index" {
		t.Errorf("URL %s, final URL %s: want them without credentials", e.URL, e.FinalURL)
	}
	err = filepath.WalkDir(cache, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.Contains(p, "robot") || strings.Contains(p, "s3cret") {
			t.Errorf("a cache path names the credentials: %s", p)
		}
		if !d.IsDir() && bytes.Contains(readFile(t, p), []byte("s3cret")) {
			t.Errorf("%s holds the password", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The credentials are not in the key: the same URL without them is
	// the same entry.
	off, _ := newTestClient(t, "", WithOffline(true))
	if e2, err := off.HTTPCache(cache).Get(context.Background(), Request{URL: srv.URL + "/start", Accept: "text/plain"}); err != nil || e2.Path != e.Path {
		t.Errorf("offline without credentials: %v, %v", e2, err)
	}
}

func TestHTTPCacheStaleMetadata(t *testing.T) {
	v := &versioned{etag: true}
	v.set(payload(3000, 1))
	srv := newServer(t, v.ServeHTTP)
	c, _ := newTestClient(t, "")
	h := c.HTTPCache("")
	ctx := context.Background()
	e, err := h.Get(ctx, Request{URL: srv.URL + "/APKINDEX.tar.gz"})
	if err != nil {
		t.Fatal(err)
	}
	// Another process replaced the body, same size, but not yet the
	// metadata: the validators do not describe the body, so they are not
	// sent.
	if err := os.WriteFile(e.Path, payload(3000, 9), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Get(ctx, Request{URL: srv.URL + "/APKINDEX.tar.gz"}); err != nil {
		t.Fatal(err)
	}
	if got := srv.header(1).Get("If-None-Match"); got != "" {
		t.Errorf("If-None-Match %q sent for a body the metadata does not describe", got)
	}
	if !bytes.Equal(readFile(t, e.Path), *v.body.Load()) {
		t.Error("the replaced body was not fetched again")
	}
	assertNoTemp(t, c.Dir())
}

func TestHTTPCacheOptions(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	c, _ := newTestClient(t, "", WithRetries(3), WithBackoff(0, 0))
	if _, err := c.HTTPCache("", WithRetries(0)).Get(context.Background(), Request{URL: srv.URL}); err == nil || srv.count() != 1 {
		t.Errorf("WithRetries(0) for the cache: %v after %d requests, want one", err, srv.count())
	}
	if _, err := c.Revalidate(context.Background(), srv.URL); err == nil || srv.count() != 5 {
		t.Errorf("the client's own: %v after %d requests, want 4 more", err, srv.count()-1)
	}
}

// assertNoTemp fails if dir holds a temporary file outside tmp/.
func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	for _, f := range files(t, dir) {
		if !strings.HasPrefix(f, "tmp/") && strings.Contains(f, ".tmp-") {
			t.Errorf("temporary file left: %s", f)
		}
	}
}
