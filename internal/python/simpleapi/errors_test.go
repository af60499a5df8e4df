package simpleapi

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/testutil/pyindex"
)

func TestNotFound(t *testing.T) {
	dir, _ := world(t)
	s := pyindex.Serve(t, dir, pyindex.NotFound("werkzeug"))
	c, _ := newClient(t, newFetch(t), []Index{{URL: s.IndexURL()}})
	ctx := context.Background()
	for _, name := range []string{"nope", "werkzeug"} {
		_, err := c.Project(ctx, name)
		want := `package "` + name + `" not found on ` + s.IndexURL() + ` (check the name, or add --extra-index-url)`
		var nf *NotFoundError
		if !errors.As(err, &nf) || err.Error() != want {
			t.Errorf("%s: %v\nwant %s", name, err, want)
		}
	}
	links := t.TempDir()
	c, _ = newClient(t, newFetch(t), nil, WithFindLinks(links))
	_, err := c.Project(ctx, "nope")
	if want := `package "nope" not found in --find-links ` + links + ` (check the name, or add an index with --index-url)`; err == nil || err.Error() != want {
		t.Errorf("find-links only: %v\nwant %s", err, want)
	}
	if _, err := c.Project(ctx, "../etc"); err == nil || !strings.Contains(err.Error(), "not a valid project name") {
		t.Errorf("an invalid name: %v", err)
	}
}

func TestServerErrors(t *testing.T) {
	dir, _ := world(t)
	s := pyindex.Serve(t, dir, pyindex.ServerError("flask"), pyindex.Flaky("werkzeug", 2))
	c, _ := newClient(t, newFetch(t), []Index{{URL: s.IndexURL()}}, WithRetries(2))
	ctx := context.Background()
	_, err := c.Project(ctx, "flask")
	var se *fetch.StatusError
	if !errors.As(err, &se) || se.StatusCode != 500 {
		t.Fatalf("500: %v, want a *fetch.StatusError", err)
	}
	for _, want := range []string{"reading project flask from index " + s.IndexURL(), "500 Internal Server Error", "gave up after 3 attempts"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if n := s.Requests("/simple/flask/"); n != 3 {
		t.Errorf("%d requests for a 500, want 3", n)
	}
	if p, err := c.Project(ctx, "werkzeug"); err != nil || len(p.Files) != 1 {
		t.Errorf("two 503s then a page, with 2 retries: %v", err)
	}
}

func TestHTMLErrorPages(t *testing.T) {
	dir, _ := world(t)
	s := pyindex.Serve(t, dir, pyindex.HTMLErrorPage("flask", 200), pyindex.HTMLErrorPage("werkzeug", 503))
	c, _ := newClient(t, newFetch(t), []Index{{URL: s.IndexURL()}}, WithRetries(1))
	ctx := context.Background()
	_, err := c.Project(ctx, "flask")
	if !errors.Is(err, errNotSimplePage) || !strings.Contains(err.Error(), "reading project flask from index "+s.IndexURL()) {
		t.Errorf("a 200 HTML error page: %v", err)
	}
	_, err = c.Project(ctx, "werkzeug")
	if err == nil || !strings.Contains(err.Error(), "503 Service Unavailable (an HTML error page)") {
		t.Errorf("a 503 HTML error page: %v", err)
	}
}

func TestBadPages(t *testing.T) {
	pages := map[string]struct{ contentType, body, want string }{
		"html-as-json": {"application/vnd.pypi.simple.v1+json", "<html><body>Please log in</body></html>", "an HTML page"},
		"bad-hash":     {"application/vnd.pypi.simple.v1+json", `{"meta":{"api-version":"1.0"},"name":"bad-hash","files":[{"filename":"a-1.whl","url":"a-1.whl","hashes":{"sha256":"nothex"}}]}`, `file 0 ("a-1.whl"): sha256 hash "nothex" is not 64 hex digits`},
		"other-name":   {"application/vnd.pypi.simple.v1+json", `{"meta":{"api-version":"1.0"},"name":"flask","files":[]}`, `is for project "flask"`},
		"cut-json":     {"application/vnd.pypi.simple.v1+json", `{"meta":{"api-version":"1.0"},"files":[`, "parsing the PEP 691 JSON page"},
		"binary":       {"application/octet-stream", "\x00\x01", `neither PEP 691 JSON nor HTML`},
		"v2":           {"text/html", `<meta name="pypi:repository-version" content="2.0"><a href="a-1.whl">a</a>`, `version "2.0"`},
	}
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := pages[strings.Trim(strings.TrimPrefix(r.URL.Path, "/simple/"), "/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", p.contentType)
		_, _ = w.Write([]byte(p.body))
	}))
	defer s.Close()
	c, _ := newClient(t, newFetch(t), []Index{{URL: s.URL + "/simple/"}})
	for name, p := range pages {
		_, err := c.Project(context.Background(), name)
		if err == nil || !strings.Contains(err.Error(), p.want) || !strings.Contains(err.Error(), "reading project "+name+" from index "+s.URL+"/simple/") {
			t.Errorf("%s: %v\nwant it to name the index and project, and say %q", name, err, p.want)
		}
	}
}

func TestNewErrors(t *testing.T) {
	fc := newFetch(t)
	netrc := filepath.Join(t.TempDir(), "netrc")
	if err := os.WriteFile(netrc, []byte("machine a login x secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		indexes []Index
		opts    []Option
	}{
		"ftp index":            {[]Index{{URL: "ftp://idx.example/simple/"}}, nil},
		"bad index URL":        {[]Index{{URL: "https://user:hunter2@[bad/simple/"}}, nil},
		"relative find-links":  {nil, []Option{WithFindLinks("./wheels")}},
		"no index, no links":   {nil, nil},
		"malformed netrc":      {[]Index{{URL: "https://idx.example/simple/"}}, []Option{WithNetrc(netrc)}},
		"find-links with host": {nil, []Option{WithFindLinks("file://host/x")}},
	} {
		_, err := New(fc, tc.indexes, tc.opts...)
		if err == nil {
			t.Errorf("%s: no error", name)
		} else if strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: the error leaks a secret: %v", name, err)
		}
	}
}
