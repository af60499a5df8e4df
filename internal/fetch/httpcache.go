package fetch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// HTTPCache keeps the last copy of resources that change behind a fixed
// URL (an APKINDEX, a signing key, a package index's project page) and
// revalidates it: each Get is a GET with If-None-Match / If-Modified-Since
// from the cached copy; 304 keeps the copy, 200 replaces it. Offline, the
// copy is used whatever its age. It is safe for concurrent use, also by
// several processes sharing the directory.
//
// An entry is a directory named by the SHA-256 of the URL without
// credentials (and of the Accept header, when there is one), holding the
// body and meta.json (an Entry). Both are written through atomicfile; a
// meta.json whose size and sha256 do not match the body (another process
// replaced one of them) is ignored, and the next request is unconditional.
type HTTPCache struct {
	c   *Client
	dir string
}

// HTTPCache returns the revalidating cache in dir, or in the client's own
// (<Dir()>/http) for "". It uses the client's settings, changed by opts
// for this cache only: WithHTTPClient, WithRetries, WithBackoff,
// WithLogger and WithOffline apply, the others have no effect.
func (c *Client) HTTPCache(dir string, opts ...Option) *HTTPCache {
	if dir == "" {
		dir = filepath.Join(c.dir, "http")
	}
	return &HTTPCache{c: c.derive(opts...), dir: dir}
}

// Request is a GET through an HTTPCache.
type Request struct {
	// URL is https://, http://, file:// or an absolute path (returned as it
	// is: there is nothing to revalidate). Credentials in it
	// (https://user:pass@host/...) are sent as basic auth and never
	// written to the cache, an error or a log line.
	URL string
	// Accept is the Accept header, if any. Answers to different Accept
	// headers are different entries: content negotiation (PEP 691 JSON
	// or HTML) gives different bodies at one URL.
	Accept string
	// HTML: an HTML answer is the resource (an index page). Otherwise an
	// HTML answer is taken for an error page, a login form or a captive
	// portal, and is a *StatusError.
	HTML bool
	// Gzip lets the transport ask for a compressed transfer and undo it:
	// for text. Otherwise the bytes are asked for as they are
	// (Accept-Encoding: identity), so that an APKINDEX.tar.gz served with
	// Content-Encoding: gzip is not uncompressed on the way.
	Gzip bool
	// MaxSize, if positive, refuses a longer body.
	MaxSize int64
	// Check, if set, checks a body before it is used (an APKINDEX's
	// signature, a page that must parse): the cached copy before a 304 is
	// trusted or offline, and a fresh copy. A cached copy that fails is
	// discarded with a warning and fetched again; a fresh copy that fails
	// is an error and is not kept.
	Check func(path string) error
}

// Entry is an up-to-date copy of a resource and what the cache knows of
// it.
type Entry struct {
	// Path is the body. It must only be read: a later Get may replace it
	// (by rename, so that an open file stays whole).
	Path         string    `json:"-"`
	URL          string    `json:"url"`                // as asked for, without credentials
	FinalURL     string    `json:"finalURL,omitempty"` // after redirects, without credentials
	Accept       string    `json:"accept,omitempty"`
	ContentType  string    `json:"contentType,omitempty"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"lastModified,omitempty"`
	Size         int64     `json:"size"`
	SHA256       string    `json:"sha256"`
	Fetched      time.Time `json:"fetched"`
}

// BaseURL is the URL that relative links in the body are relative to: the
// final URL after redirects, else the URL asked for.
func (e *Entry) BaseURL() string {
	if e.FinalURL != "" {
		return e.FinalURL
	}
	return e.URL
}

// Get returns an up-to-date copy of r.URL: the cached one if the server
// answers 304, else a new one. Offline, the cached copy is returned
// whatever its age, and a miss is an *OfflineError. Error statuses are
// *StatusError, retried as WithRetries says.
func (h *HTTPCache) Get(ctx context.Context, r Request) (*Entry, error) {
	src, err := parseSource(r.URL)
	if err != nil {
		return nil, err
	}
	if src.local() {
		if _, err := os.Stat(src.path); err != nil {
			return nil, fmt.Errorf("reading %w", err)
		}
		return &Entry{Path: src.path, URL: src.path}, nil
	}
	dir := h.entryDir(src, r.Accept)
	old, bad := loadEntry(dir)
	if bad == "" && old != nil && r.Check != nil {
		if err := r.Check(old.Path); err != nil {
			old, bad = nil, fmt.Sprintf("the cached copy %s fails its check (%v)", old.Path, err)
		}
	}
	if h.c.offline {
		if bad != "" {
			return nil, &OfflineError{URL: src.String(), Bad: bad}
		}
		return h.offline(src, r, dir, old)
	}
	if bad != "" {
		// A bad entry must not fail this build and every later one: ask
		// without validators, which replaces it.
		h.c.log.Warn(bad + "; fetching it again")
	}
	var e *Entry
	err = h.c.retrier.Do(ctx, src.String(), func(ctx context.Context) (err error) {
		e, err = h.getOnce(ctx, src, r, dir, old)
		return err
	})
	if err != nil {
		// A progress display may show the download: it ends here.
		h.c.emit(Event{Kind: EventFailed, URL: src.String(), Err: err})
		return nil, err
	}
	return e, nil
}

// entryDir is the directory of the entry of src asked for with accept.
func (h *HTTPCache) entryDir(src source, accept string) string {
	key := src.String()
	if accept != "" {
		key += "\n" + accept
	}
	sum := sha256.Sum256([]byte(key))
	return filepath.Join(h.dir, hex.EncodeToString(sum[:]))
}

// offline serves the cached copy. A body whose metadata is missing or does
// not match it still serves, as the bare copy of the URL.
func (h *HTTPCache) offline(src source, r Request, dir string, e *Entry) (*Entry, error) {
	if e == nil {
		body := filepath.Join(dir, "body")
		if _, err := os.Stat(body); err != nil {
			return nil, &OfflineError{URL: src.String()}
		}
		e = &Entry{Path: body, URL: src.String(), Accept: r.Accept}
	}
	h.c.log.Debug("offline: using the cached copy", "url", src.String())
	return e, nil
}

// loadEntry reads the entry in dir. It returns nil, "" for no entry, and
// nil and why for an entry whose metadata is garbage or does not match its
// body (a flipped byte, a truncation): the request is then unconditional.
func loadEntry(dir string) (*Entry, string) {
	meta := filepath.Join(dir, "meta.json")
	b, err := os.ReadFile(meta)
	if err != nil {
		return nil, ""
	}
	var e Entry
	if json.Unmarshal(b, &e) != nil {
		return nil, fmt.Sprintf("the cached metadata %s is not valid JSON", meta)
	}
	e.Path = filepath.Join(dir, "body")
	f, err := os.Open(e.Path)
	if err != nil {
		return nil, ""
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil || n != e.Size || hex.EncodeToString(h.Sum(nil)) != e.SHA256 {
		return nil, fmt.Sprintf("the cached copy %s does not match its size and sha256 in meta.json", e.Path)
	}
	return &e, ""
}
