package simpleapi

import (
	"log/slog"
	"net/http"
	"time"
)

type options struct {
	findLinks []string
	http      *http.Client
	log       *slog.Logger
	retries   int
	cacheDir  string
	netrc     *string // nil: $NETRC, else ~/.netrc
}

// Option configures New.
type Option func(*options)

// WithFindLinks adds --find-links locations: local directories of
// distributions (an absolute path or a file:// URL), local HTML files, or
// http(s) URLs of flat HTML pages of links. Default none.
func WithFindLinks(locations ...string) Option {
	return func(o *options) { o.findLinks = append(o.findLinks, locations...) }
}

// WithHTTPClient sets the HTTP client for index pages; pass the one given
// to fetch.WithHTTPClient, if any. Default: proxies from the environment, a
// 60 s response header timeout and a 5 minute overall timeout.
func WithHTTPClient(h *http.Client) Option {
	return func(o *options) {
		if h != nil {
			o.http = h
		}
	}
}

// WithLogger sets where the client logs (Debug lines: pages fetched,
// revalidated, retried). Default slog.Default().
func WithLogger(l *slog.Logger) Option {
	return func(o *options) {
		if l != nil {
			o.log = l
		}
	}
}

// WithRetries sets how many times a failed page request is tried again.
// Default 4. Network errors, cut bodies, 408, 429 and 5xx are retried with
// exponential backoff (250 ms to 8 s, jittered) or after the server's
// Retry-After (at most a minute).
func WithRetries(n int) Option { return func(o *options) { o.retries = max(n, 0) } }

// WithCacheDir sets where project pages are cached. Default
// <fetch client's Dir()>/simple.
func WithCacheDir(dir string) Option { return func(o *options) { o.cacheDir = dir } }

// WithNetrc sets the .netrc file to read credentials from; "" reads none.
// Default $NETRC, else ~/.netrc; a missing file is no error.
func WithNetrc(path string) Option { return func(o *options) { o.netrc = &path } }

func defaultHTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.ResponseHeaderTimeout = 60 * time.Second
	return &http.Client{Transport: t, Timeout: 5 * time.Minute}
}
