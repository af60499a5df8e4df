package pyindex

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is a package index serving a folder on 127.0.0.1.
type Server struct {
	// URL is the base URL ("http://127.0.0.1:port"), without a trailing
	// slash.
	URL string

	dir string
	cfg config

	mu       sync.Mutex
	requests map[string]int // by URL path, as requested
	files    int            // requests under /files/ but for .metadata
	flaky    map[string]int
	cache    map[string]*dist
}

// New returns a Server for dir that is not listening: an http.Handler,
// for a program (scripts/pyindex) rather than a test. Set URL before use.
func New(dir string, opts ...Option) *Server {
	s := &Server{dir: dir, cfg: newConfig(opts), requests: map[string]int{}, flaky: map[string]int{}, cache: map[string]*dist{}}
	for p, n := range s.cfg.flaky {
		s.flaky[p] = n
	}
	return s
}

// ServeHTTP serves the index.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.serve(w, r) }

// Serve starts a Server for dir, closed when the test ends.
func Serve(t testing.TB, dir string, opts ...Option) *Server {
	t.Helper()
	s := New(dir, opts...)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listening on loopback: %v", err)
	}
	ts := httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	ts.Listener.Close()
	ts.Listener = l
	ts.Start()
	t.Cleanup(ts.Close)
	s.URL = ts.URL
	return s
}

// IndexURL is the simple API's root, URL + "/simple/".
func (s *Server) IndexURL() string { return s.URL + "/simple/" }

// Requests returns how many requests (any method, any outcome) were made
// for the URL path p, e.g. "/simple/flask/".
func (s *Server) Requests(p string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[p]
}

// TotalRequests returns how many requests were made for any path.
func (s *Server) TotalRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.requests {
		n += c
	}
	return n
}

// FileRequests returns how many requests were made for files under
// /files/, .metadata files not counted: the downloads of distributions.
func (s *Server) FileRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.files
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	s.mu.Lock()
	s.requests[p]++
	if strings.HasPrefix(p, "/files/") && !strings.HasSuffix(p, ".metadata") {
		s.files++
	}
	s.mu.Unlock()
	if !s.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Basic realm="pyindex"`)
		http.Error(w, "Unauthorized", http.StatusUnauthorized)
		return
	}
	switch {
	case p == "/simple":
		http.Redirect(w, r, "/simple/", http.StatusMovedPermanently)
	case p == "/simple/":
		s.serveIndex(w, r)
	case strings.HasPrefix(p, "/simple/"):
		s.serveProject(w, r, strings.TrimPrefix(p, "/simple/"))
	case p == "/links/":
		s.serveLinks(w, r)
	case strings.HasPrefix(p, "/files/"):
		s.serveFile(w, r, strings.TrimPrefix(p, "/files/"))
	default:
		http.NotFound(w, r)
	}
}

func (s *Server) authorized(r *http.Request) bool {
	if s.cfg.user == "" && s.cfg.pass == "" {
		return true
	}
	u, p, ok := r.BasicAuth()
	return ok && subtle.ConstantTimeCompare([]byte(u+"\x00"+p), []byte(s.cfg.user+"\x00"+s.cfg.pass)) == 1
}

func (s *Server) serveIndex(w http.ResponseWriter, r *http.Request) {
	ds, err := s.dists()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	set := map[string]bool{}
	for _, d := range ds {
		set[d.project] = true
	}
	projects := make([]string, 0, len(set))
	for p := range set {
		projects = append(projects, p)
	}
	sort.Strings(projects)
	t, ok := negotiate(r.Header.Get("Accept"), s.cfg.htmlOnly)
	if !ok {
		http.Error(w, "Not Acceptable", http.StatusNotAcceptable)
		return
	}
	body := indexHTML(projects)
	if t == typeJSON {
		body = indexJSON(projects)
	}
	servePage(w, r, t, body, newest(ds))
}

// servePage sends body as type t with an ETag and Last-Modified, answering
// conditional requests with 304.
func servePage(w http.ResponseWriter, r *http.Request, t string, body []byte, modified time.Time) {
	ct := t
	if t == typeLegacyHTML {
		ct = "text/html; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Vary", "Accept")
	w.Header().Set("ETag", `"`+sha256Hex([]byte(ct+"\n"+string(body)))+`"`)
	http.ServeContent(w, r, "", modified, bytes.NewReader(body))
}

func newest(ds []*dist) time.Time {
	var t time.Time
	for _, d := range ds {
		if d.mtime.After(t) {
			t = d.mtime
		}
	}
	return t
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
