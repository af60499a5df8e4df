package fetch

import (
	"log/slog"
	"net"
	"net/http"
	"time"
)

type options struct {
	httpClient *http.Client
	retries    int
	minBackoff time.Duration
	maxBackoff time.Duration
	offline    bool
	jobs       int
	stall      time.Duration
	log        *slog.Logger
	progress   func(Event)
}

// Option configures New.
type Option func(*options)

// WithHTTPClient sets the HTTP client. Default: a client with connect, TLS
// handshake and response header timeouts, HTTP/2, and the proxy from
// HTTPS_PROXY, HTTP_PROXY and NO_PROXY. It has no overall timeout, since a
// large file may take long; instead, whatever the client, a response that
// sends nothing for a minute is cut and retried.
func WithHTTPClient(h *http.Client) Option {
	return func(o *options) {
		if h != nil {
			o.httpClient = h
		}
	}
}

// WithRetries sets how many times a failed request is tried again. Default
// 4. Network errors, cut bodies, 408, 429 and 5xx are retried, after an
// exponential backoff with jitter from 250ms to 8s, or after the server's
// Retry-After (at most a minute). Other failures are not retried.
func WithRetries(n int) Option { return func(o *options) { o.retries = max(n, 0) } }

// WithBackoff sets the bounds of the wait between attempts: the first
// retry waits about least, each next one twice as long, up to most.
// Default 250ms and 8s. Tests shorten it.
func WithBackoff(least, most time.Duration) Option {
	return func(o *options) {
		o.minBackoff, o.maxBackoff = max(least, 0), max(most, least, 0)
	}
}

// WithStallTimeout sets how long a response may send nothing — no headers,
// no body bytes — before it is cut and tried again. Default a minute.
func WithStallTimeout(d time.Duration) Option {
	return func(o *options) {
		if d > 0 {
			o.stall = d
		}
	}
}

// WithOffline makes the client use the cache only. Default false. A miss is
// an *OfflineError.
func WithOffline(offline bool) Option { return func(o *options) { o.offline = offline } }

// WithJobs bounds how many downloads FetchAll runs at once. Default 8.
func WithJobs(n int) Option { return func(o *options) { o.jobs = max(n, 1) } }

// WithLogger sets where the client logs: one Info line per download (URL,
// size, duration), Debug lines for cache hits, revalidations and retries.
// Default slog.Default().
func WithLogger(l *slog.Logger) Option {
	return func(o *options) {
		if l != nil {
			o.log = l
		}
	}
}

// WithProgress sets a function told about every download (see Event), for a
// progress display. Default none. It is called from many goroutines at once
// and must not block.
func WithProgress(f func(Event)) Option { return func(o *options) { o.progress = f } }

func defaultOptions() options {
	return options{
		httpClient: defaultHTTPClient(),
		retries:    4,
		minBackoff: 250 * time.Millisecond,
		maxBackoff: 8 * time.Second,
		jobs:       8,
		stall:      time.Minute,
		log:        slog.Default(),
	}
}

func defaultHTTPClient() *http.Client {
	dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Client{Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		TLSHandshakeTimeout:   15 * time.Second,
		ResponseHeaderTimeout: 60 * time.Second,
		ExpectContinueTimeout: time.Second,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConnsPerHost:   MaxConnsPerHost,
		// However many downloads run at once (parallel FetchAlls, index
		// pages, range reads), one server sees at most this many
		// connections: small servers stalled in their listen queue when
		// flooded.
		MaxConnsPerHost: MaxConnsPerHost,
	}}
}

// MaxConnsPerHost is the most connections pyko opens to one host.
const MaxConnsPerHost = 6
