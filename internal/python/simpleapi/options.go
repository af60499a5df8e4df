package simpleapi

import (
	"log/slog"
	"net/http"

	"github.com/pyko-dev/pyko/internal/fetch"
)

type options struct {
	findLinks []string
	http      *http.Client
	log       *slog.Logger
	retries   int // -1: the fetch client's
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

// WithHTTPClient sets the HTTP client for index pages. Default: the fetch
// client's.
func WithHTTPClient(h *http.Client) Option {
	return func(o *options) {
		if h != nil {
			o.http = h
		}
	}
}

// WithLogger sets where the client logs: pages downloaded (Info),
// revalidated and retried (Debug), projects missing on an index (Debug).
// Default: slog.Default(), and the fetch client's logger for pages.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) {
		if l != nil {
			o.log = l
		}
	}
}

// WithRetries sets how many times a failed page request is tried again.
// Default: the fetch client's (see fetch.WithRetries: network errors, cut
// bodies, 408, 429 and 5xx, with backoff or after the server's
// Retry-After).
func WithRetries(n int) Option { return func(o *options) { o.retries = max(n, 0) } }

// WithCacheDir sets the directory of the fetch.HTTPCache that keeps
// project pages. Default: the fetch client's own, <Dir()>/http.
func WithCacheDir(dir string) Option { return func(o *options) { o.cacheDir = dir } }

// WithNetrc sets the .netrc file to read credentials from; "" reads none.
// Default $NETRC, else ~/.netrc; a missing file is no error.
func WithNetrc(path string) Option { return func(o *options) { o.netrc = &path } }

// fetchOptions are the options of the pages' fetch.HTTPCache: the fetch
// client's settings, but for those given here.
func (o options) fetchOptions() []fetch.Option {
	opts := []fetch.Option{fetch.WithHTTPClient(o.http), fetch.WithLogger(o.log)}
	if o.retries >= 0 {
		opts = append(opts, fetch.WithRetries(o.retries))
	}
	return opts
}
