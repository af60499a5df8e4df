package fetch

import (
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// Client downloads into a cache directory. It is safe for concurrent use,
// and several processes may share one cache directory.
type Client struct {
	dir      string
	http     *http.Client
	retrier  Retrier
	offline  bool
	jobs     int
	log      *slog.Logger
	progress func(Event)

	// stall is how long a response may send nothing before it is cut.
	stall time.Duration
}

// New returns a client caching in cacheDir, created if needed. An empty
// cacheDir means DefaultDir().
func New(cacheDir string, opts ...Option) (*Client, error) {
	o := defaultOptions()
	for _, opt := range opts {
		opt(&o)
	}
	if cacheDir == "" {
		d, err := DefaultDir()
		if err != nil {
			return nil, err
		}
		cacheDir = d
	}
	dir, err := filepath.Abs(cacheDir)
	if err != nil {
		return nil, fmt.Errorf("resolving cache directory %s: %w", cacheDir, err)
	}
	for _, sub := range []string{"tmp", "blobs", "http"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return nil, fmt.Errorf("creating cache directory: %w", err)
		}
	}
	c := &Client{dir: dir}
	c.set(o)
	c.pruneTmp(24 * time.Hour)
	return c, nil
}

// set makes o the client's settings.
func (c *Client) set(o options) {
	c.http, c.offline, c.jobs, c.log, c.progress, c.stall = o.httpClient, o.offline, o.jobs, o.log, o.progress, o.stall
	c.retrier = DefaultRetrier(o.retries, o.log)
	c.retrier.MinBackoff, c.retrier.MaxBackoff = o.minBackoff, o.maxBackoff
}

// derive returns a client on the same cache with c's settings changed by
// opts.
func (c *Client) derive(opts ...Option) *Client {
	o := options{
		httpClient: c.http, retries: c.retrier.Retries, minBackoff: c.retrier.MinBackoff, maxBackoff: c.retrier.MaxBackoff,
		offline: c.offline, jobs: c.jobs, stall: c.stall, log: c.log, progress: c.progress,
	}
	for _, opt := range opts {
		opt(&o)
	}
	d := *c
	d.set(o)
	return &d
}

// DefaultDir is the cache directory used when New is given none:
// $PYKO_CACHE, else the "pyko" folder of os.UserCacheDir().
func DefaultDir() (string, error) {
	if d := os.Getenv("PYKO_CACHE"); d != "" {
		return d, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("finding the cache directory: %w; set PYKO_CACHE", err)
	}
	return filepath.Join(d, "pyko"), nil
}

// Dir is the client's cache directory.
func (c *Client) Dir() string { return c.dir }

// Offline reports whether the client uses the cache only.
func (c *Client) Offline() bool { return c.offline }

// pruneTmp removes temporary files older than age: downloads of processes
// that were killed before they could clean up or park their partial file.
func (c *Client) pruneTmp(age time.Duration) {
	pruneOld(filepath.Join(c.dir, "tmp"), age, func(string) bool { return true })
}

// pruneOld removes the files in dir older than age whose name matches.
// Errors are ignored; the files are only garbage.
func pruneOld(dir string, age time.Duration, match func(name string) bool) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !match(e.Name()) {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > age {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

func (c *Client) emit(e Event) {
	if c.progress != nil {
		c.progress(e)
	}
}
