package simpleapi

import (
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/testutil/wheels"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newFetch(t *testing.T, opts ...fetch.Option) *fetch.Client {
	t.Helper()
	base := []fetch.Option{fetch.WithLogger(quiet()), fetch.WithRetries(0), fetch.WithBackoff(time.Millisecond, 2*time.Millisecond)}
	fc, err := fetch.New(t.TempDir(), append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return fc
}

// newClient is a client with no .netrc (unless an option gives one) and a
// recording transport; fc (newFetch) makes its retries quick.
func newClient(t *testing.T, fc *fetch.Client, indexes []Index, opts ...Option) (*Client, *recorder) {
	t.Helper()
	rec := &recorder{}
	base := []Option{WithNetrc(""), WithLogger(quiet()), WithHTTPClient(httpClient(rec))}
	c, err := New(fc, indexes, append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c, rec
}

func httpClient(rec *recorder) *http.Client { return &http.Client{Transport: rec} }

// recorder is a transport that records the status of every response.
type recorder struct {
	mu       sync.Mutex
	statuses []int
	accepts  []string
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.accepts = append(r.accepts, req.Header.Get("Accept"))
	if err == nil {
		r.statuses = append(r.statuses, resp.StatusCode)
	}
	return resp, err
}

func (r *recorder) codes() []int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]int(nil), r.statuses...)
}

// world writes wheels of flask (two versions, 3.0.3 with Requires-Python
// and Requires-Dist) and werkzeug, and an sdist of flask, into a new
// folder. It returns the folder and each file's sha256.
func world(t *testing.T) (string, map[string]string) {
	t.Helper()
	dir := t.TempDir()
	sums := map[string]string{}
	for _, w := range []wheels.Wheel{
		{Name: "Flask", Version: "3.0.3", Metadata: []string{"Requires-Python: >=3.8", "Requires-Dist: Werkzeug>=3.0.0"}},
		{Name: "Flask", Version: "3.0.2"},
		{Name: "Werkzeug", Version: "3.0.1"},
	} {
		p, sum, err := wheels.Write(dir, w)
		if err != nil {
			t.Fatal(err)
		}
		sums[filepath.Base(p)] = sum
	}
	p, sum, err := wheels.WriteSdist(dir, wheels.Sdist{Name: "Flask", Version: "3.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	sums[filepath.Base(p)] = sum
	return dir, sums
}
