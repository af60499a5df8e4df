package fetch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/pyko-dev/pyko/internal/atomicfile"
)

// Revalidate returns the path of an up-to-date copy of url from the
// client's own HTTPCache (see HTTPCache.Get): the cached copy if the
// server says it has not changed (304), else a new copy. Offline, the
// cached copy is returned whatever its age. A file:// URL or a path is
// returned as it is. An HTML answer is an error page. The file must only
// be read: the next Revalidate may replace it (by rename, so an open file
// stays whole).
func (c *Client) Revalidate(ctx context.Context, url string) (string, error) {
	e, err := c.HTTPCache("").Get(ctx, Request{URL: url})
	if err != nil {
		return "", err
	}
	return e.Path, nil
}

// getOnce is one conditional GET of an entry.
func (h *HTTPCache) getOnce(ctx context.Context, src source, r Request, dir string, old *Entry) (*Entry, error) {
	start := time.Now()
	ctx, wd := h.c.watch(ctx)
	defer wd.stop()
	req, err := src.newRequest(ctx)
	if err != nil {
		return nil, err
	}
	conditional(req, r, old)
	resp, err := h.c.do(src, wd, req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified && old != nil:
		h.c.log.Debug("not modified", "url", src.String())
		return old, nil
	case resp.StatusCode != http.StatusOK:
		return nil, statusError(src, resp)
	case isHTML(resp) && !r.HTML:
		return nil, &StatusError{URL: src.String(), StatusCode: resp.StatusCode, Status: resp.Status, HTML: true}
	}
	e, err := h.store(src, r, dir, wd, resp)
	if err != nil {
		return nil, err
	}
	elapsed := time.Since(start)
	h.c.log.Info("downloaded", "url", src.String(), "size", e.Size, "duration", elapsed.Round(time.Millisecond))
	h.c.emit(Event{Kind: EventDone, URL: src.String(), Bytes: e.Size, Total: e.Size, Elapsed: elapsed})
	return e, nil
}

// conditional sets req's headers for r: Accept, the encoding, and the
// validators of the cached copy.
func conditional(req *http.Request, r Request, old *Entry) {
	if r.Accept != "" {
		req.Header.Set("Accept", r.Accept)
	}
	if r.Gzip {
		req.Header.Del("Accept-Encoding") // the transport asks for gzip and undoes it
	}
	if old != nil && old.ETag != "" {
		req.Header.Set("If-None-Match", old.ETag)
	}
	if old != nil && old.LastModified != "" {
		req.Header.Set("If-Modified-Since", old.LastModified)
	}
}

// store writes a 200 answer's body, then its metadata, into the entry dir.
func (h *HTTPCache) store(src source, r Request, dir string, wd *watchdog, resp *http.Response) (*Entry, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating cache directory: %w", err)
	}
	pruneOld(dir, 24*time.Hour, atomicfile.IsTemp)
	body := filepath.Join(dir, "body")
	// The body is synced: offline, a body without its metadata still
	// serves (HTTPCache.offline), unchecked.
	f, err := atomicfile.Create(body, 0o644)
	if err != nil {
		return nil, fmt.Errorf("writing %s to the cache: %w", src, err)
	}
	defer f.Abort()
	m := &meter{c: h.c, src: src, out: f, sha: sha256.New(), total: resp.ContentLength, max: r.MaxSize, maxWhat: "allowed"}
	h.c.emit(Event{Kind: EventStart, URL: src.String(), Total: m.total})
	if _, err := m.copyFrom(wd, resp); err != nil {
		return nil, err
	}
	if resp.ContentLength >= 0 && m.n != resp.ContentLength {
		return nil, &transientError{fmt.Errorf("fetching %s: %w at %d of %d bytes", src, errCut, m.n, resp.ContentLength)}
	}
	if r.Check != nil {
		if err := r.Check(f.Name()); err != nil {
			return nil, fmt.Errorf("checking %s: %w; it was not cached", src, err)
		}
	}
	if err := f.Commit(); err != nil {
		return nil, fmt.Errorf("writing %s to the cache: %w", src, err)
	}
	final := *resp.Request.URL
	final.User = nil
	e := &Entry{
		Path: body, URL: src.String(), FinalURL: final.String(), Accept: r.Accept,
		ContentType: resp.Header.Get("Content-Type"), ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified"),
		Size: m.n, SHA256: hex.EncodeToString(m.sha.Sum(nil)), Fetched: time.Now().UTC(),
	}
	b, _ := json.MarshalIndent(e, "", "  ")
	// The metadata is not: one that is garbage or does not match the
	// body (loadEntry) only makes the next request unconditional. See
	// NoSync.
	if err := atomicfile.WriteFile(filepath.Join(dir, "meta.json"), b, 0o644, atomicfile.NoSync()); err != nil {
		return nil, fmt.Errorf("writing cache metadata for %s: %w", src, err)
	}
	return e, nil
}
