package apkrepo

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// Server serves a repository directory over HTTP on loopback, as a mirror
// would: Last-Modified and If-Modified-Since (from http.FileServer), an
// ETag (the quoted SHA-256 of the content) with If-None-Match, and Range.
// It counts requests per path so tests can assert caching.
type Server struct {
	// URL is the base URL of the repository ("http://127.0.0.1:port"),
	// without a trailing slash.
	URL string

	dir      string
	mu       sync.Mutex
	requests map[string]int
	etags    map[string]etag
}

// etag caches a file's ETag by its size and modification time.
type etag struct {
	size  int64
	mtime time.Time
	value string
}

// Serve starts a Server for dir on 127.0.0.1, closed when the test ends.
func Serve(t testing.TB, dir string) *Server {
	t.Helper()
	s := &Server{dir: dir, requests: map[string]int{}, etags: map[string]etag{}}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listening on loopback: %v", err)
	}
	ts := httptest.NewUnstartedServer(s.handler())
	ts.Listener.Close()
	ts.Listener = l
	ts.Start()
	t.Cleanup(ts.Close)
	s.URL = ts.URL
	return s
}

// Requests returns how many requests (of any method and outcome) were made
// for path, e.g. "/x86_64/APKINDEX.tar.gz".
func (s *Server) Requests(p string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[path.Clean("/"+p)]
}

// TotalRequests returns the number of requests made for any path.
func (s *Server) TotalRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.requests {
		n += c
	}
	return n
}

func (s *Server) handler() http.Handler {
	files := http.FileServer(http.Dir(s.dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := path.Clean("/" + r.URL.Path)
		s.mu.Lock()
		s.requests[p]++
		s.mu.Unlock()
		// http.FileServer honours an ETag already set on the response for
		// If-None-Match and If-Range.
		if tag, ok := s.etag(filepath.Join(s.dir, filepath.FromSlash(p))); ok {
			w.Header().Set("ETag", tag)
		}
		files.ServeHTTP(w, r)
	})
}

// etag returns the quoted SHA-256 of the regular file at name.
func (s *Server) etag(name string) (string, bool) {
	fi, err := os.Stat(name)
	if err != nil || !fi.Mode().IsRegular() {
		return "", false
	}
	s.mu.Lock()
	e, ok := s.etags[name]
	s.mu.Unlock()
	if ok && e.size == fi.Size() && e.mtime.Equal(fi.ModTime()) {
		return e.value, true
	}
	f, err := os.Open(name)
	if err != nil {
		return "", false
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", false
	}
	e = etag{size: fi.Size(), mtime: fi.ModTime(), value: `"` + hex.EncodeToString(h.Sum(nil)) + `"`}
	s.mu.Lock()
	s.etags[name] = e
	s.mu.Unlock()
	return e.value, true
}
