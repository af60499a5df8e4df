package simpleapi

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/testutil/pyindex"
	"github.com/pyko-dev/pyko/internal/testutil/wheels"
)

func TestProjectJSONAndHTML(t *testing.T) {
	dir, sums := world(t)
	ctx := context.Background()
	read := func(opts ...pyindex.Option) ([]File, *pyindex.Server) {
		s := pyindex.Serve(t, dir, opts...)
		c, rec := newClient(t, newFetch(t), []Index{{URL: s.IndexURL()}})
		p, err := c.Project(ctx, "FLASK")
		if err != nil {
			t.Fatal(err)
		}
		if p.Name != "flask" || rec.accepts[0] != acceptSimple {
			t.Errorf("name %q, Accept %q", p.Name, rec.accepts[0])
		}
		return p.Files, s
	}
	fromJSON, s := read()
	fromHTML, hs := read(pyindex.HTMLOnly())
	if len(fromJSON) != 3 || len(fromHTML) != 3 {
		t.Fatalf("JSON gave %d files, HTML %d; want 3", len(fromJSON), len(fromHTML))
	}
	for i, f := range fromJSON {
		if f.Hashes["sha256"] != sums[f.Filename] || f.URL != s.URL+"/files/"+f.Filename || f.Index != s.IndexURL() {
			t.Errorf("%s: sha256 %s (written %s), URL %s, index %s", f.Filename, f.Hashes["sha256"], sums[f.Filename], f.URL, f.Index)
		}
		if f.Size <= 0 || f.UploadTime == "" {
			t.Errorf("%s: no PEP 700 size or upload time", f.Filename)
		}
		wheel := strings.HasSuffix(f.Filename, ".whl")
		if f.CoreMetadata != wheel || wheel && len(f.MetadataHashes["sha256"]) != 64 {
			t.Errorf("%s: core metadata %v %v", f.Filename, f.CoreMetadata, f.MetadataHashes)
		}
		// HTML has neither size nor upload time; the rest must agree, from
		// the page's relative links to the escaped Requires-Python.
		h := fromHTML[i]
		h.Size, h.UploadTime = f.Size, f.UploadTime
		if h.Filename != f.Filename || strings.TrimPrefix(h.URL, hs.URL) != strings.TrimPrefix(f.URL, s.URL) || h.RequiresPython != f.RequiresPython ||
			h.Hashes["sha256"] != f.Hashes["sha256"] || h.MetadataHashes["sha256"] != f.MetadataHashes["sha256"] {
			t.Errorf("HTML and JSON disagree:\n%+v\n%+v", h, f)
		}
	}
	if i := slices.IndexFunc(fromJSON, func(f File) bool { return f.Filename == "flask-3.0.3-py3-none-any.whl" }); i < 0 || fromJSON[i].RequiresPython != ">=3.8" {
		t.Errorf("flask 3.0.3 has no Requires-Python >=3.8: %+v", fromJSON)
	}
}

func TestProjectRevalidatesAndWorksOffline(t *testing.T) {
	dir, _ := world(t)
	s := pyindex.Serve(t, dir)
	cache := t.TempDir()
	c, rec := newClient(t, newFetch(t), []Index{{URL: s.IndexURL()}}, WithCacheDir(cache))
	ctx := context.Background()
	first, err := c.Project(ctx, "flask")
	if err != nil {
		t.Fatal(err)
	}
	// One client serves one build: asked again (another platform, another
	// package depending on it), it does not ask the index again.
	if _, err := c.Project(ctx, "flask"); err != nil {
		t.Fatal(err)
	}
	if got := rec.codes(); !slices.Equal(got, []int{200}) {
		t.Errorf("statuses %v after asking one client twice, want [200]", got)
	}
	// The next build's client revalidates the cached page.
	c2, rec2 := newClient(t, newFetch(t), []Index{{URL: s.IndexURL()}}, WithCacheDir(cache))
	second, err := c2.Project(ctx, "flask")
	if err != nil {
		t.Fatal(err)
	}
	if got := rec2.codes(); !slices.Equal(got, []int{304}) {
		t.Errorf("statuses %v for the next client, want [304]", got)
	}
	if !reflect.DeepEqual(first, second) {
		t.Errorf("the revalidated page differs: %+v", second.Files)
	}

	offline, _ := newClient(t, newFetch(t, fetch.WithOffline(true)), []Index{{URL: s.IndexURL()}}, WithCacheDir(cache))
	before := s.TotalRequests()
	p, err := offline.Project(ctx, "flask")
	if err != nil || len(p.Files) != len(first.Files) || s.TotalRequests() != before {
		t.Errorf("offline: %v, %d requests", err, s.TotalRequests()-before)
	}
	var oe *fetch.OfflineError
	if _, err := offline.Project(ctx, "werkzeug"); !errors.As(err, &oe) {
		t.Errorf("offline, not cached: %v, want an *fetch.OfflineError", err)
	}
}

func TestFirstIndexWins(t *testing.T) {
	publicDir, _ := world(t)
	privateDir := t.TempDir()
	writeWheel(t, privateDir, "flask", "0.1")
	public, private := pyindex.Serve(t, publicDir), pyindex.Serve(t, privateDir)
	c, _ := newClient(t, newFetch(t), Order(public.IndexURL(), []string{private.IndexURL()}))
	ctx := context.Background()
	p, err := c.Project(ctx, "flask")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Files) != 1 || p.Files[0].Filename != "flask-0.1-py3-none-any.whl" || p.Files[0].Index != private.IndexURL() {
		t.Errorf("flask: %+v; want only the private index's file", p.Files)
	}
	if public.Requests("/simple/flask/") != 0 {
		t.Error("the public index was asked for a project the private one has")
	}
	p, err = c.Project(ctx, "werkzeug")
	if err != nil || len(p.Files) != 1 || p.Files[0].Index != public.IndexURL() {
		t.Fatalf("werkzeug: %v %+v; want the public index's file", err, p)
	}
	if private.Requests("/simple/werkzeug/") != 1 {
		t.Error("the private index was not asked first")
	}

	// A failing private index is an error, never a reason to ask the
	// public one.
	down := pyindex.Serve(t, privateDir, pyindex.ServerError("flask"))
	c, _ = newClient(t, newFetch(t), Order(public.IndexURL(), []string{down.IndexURL()}), WithRetries(0))
	if _, err := c.Project(ctx, "flask"); err == nil || public.Requests("/simple/flask/") != 0 {
		t.Errorf("with the private index down: %v, %d requests to the public one", err, public.Requests("/simple/flask/"))
	}
}

func TestRelativeLinksAfterRedirect(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/pypi/simple/foo/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/mirror/projects/foo/", http.StatusFound)
	})
	mux.HandleFunc("/mirror/projects/foo/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/vnd.pypi.simple.v1+json")
		_, _ = w.Write([]byte(`{"meta":{"api-version":"1.0"},"name":"foo","files":[{"filename":"foo-1-py3-none-any.whl","url":"pkgs/foo-1-py3-none-any.whl","hashes":{}}]}`))
	})
	s := httptest.NewServer(mux)
	defer s.Close()
	c, _ := newClient(t, newFetch(t), []Index{{URL: s.URL + "/pypi/simple"}}) // no trailing slash
	p, err := c.Project(context.Background(), "foo")
	if err != nil {
		t.Fatal(err)
	}
	if want := s.URL + "/mirror/projects/foo/pkgs/foo-1-py3-none-any.whl"; p.Files[0].URL != want {
		t.Errorf("URL %s, want %s (resolved against the final URL)", p.Files[0].URL, want)
	}
}

func writeWheel(t *testing.T, dir, name, version string) string {
	t.Helper()
	_, sum, err := wheels.Write(dir, wheels.Wheel{Name: name, Version: version})
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func TestProjectConcurrent(t *testing.T) {
	dir, _ := world(t)
	s := pyindex.Serve(t, dir)
	c, _ := newClient(t, newFetch(t), []Index{{URL: s.IndexURL()}}, WithFindLinks(s.URL+"/links/"))
	errs := make(chan error, 8)
	for i := range 8 {
		go func() {
			_, err := c.Project(context.Background(), []string{"flask", "werkzeug"}[i%2])
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
