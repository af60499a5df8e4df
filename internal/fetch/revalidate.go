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

// meta is what the cache knows of a revalidated URL's body.
type meta struct {
	URL          string    `json:"url"` // without credentials
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"lastModified,omitempty"`
	Size         int64     `json:"size"`
	SHA256       string    `json:"sha256"`
	Fetched      time.Time `json:"fetched"`
}

// Revalidate returns the path of an up-to-date copy of url: the cached copy
// if the server says it has not changed (304), else a new copy. Offline, the
// cached copy is returned whatever its age. A file:// URL or a path is
// returned as it is. The file must only be read: the next Revalidate may
// replace it (by rename, so an open file stays whole).
func (c *Client) Revalidate(ctx context.Context, url string) (string, error) {
	src, err := parseSource(url)
	if err != nil {
		return "", err
	}
	if src.local() {
		if _, err := os.Stat(src.path); err != nil {
			return "", fmt.Errorf("reading %w", err)
		}
		return src.path, nil
	}
	sum := sha256.Sum256([]byte(src.String()))
	dir := filepath.Join(c.dir, "http", hex.EncodeToString(sum[:]))
	body := filepath.Join(dir, "body")
	if c.offline {
		if _, err := os.Stat(body); err != nil {
			return "", &OfflineError{URL: src.String()}
		}
		c.log.Debug("offline: using the cached copy", "url", src.String())
		return body, nil
	}
	m := loadMeta(dir)
	err = c.retrier.Do(ctx, src.String(), func(ctx context.Context) error {
		return c.revalidateOnce(ctx, src, dir, m)
	})
	if err != nil {
		return "", err
	}
	return body, nil
}

// loadMeta reads the metadata of a cached body, or returns nil if either is
// missing or they disagree (a concurrent process replaced one of them):
// the request is then unconditional.
func loadMeta(dir string) *meta {
	b, err := os.ReadFile(filepath.Join(dir, "meta.json"))
	if err != nil {
		return nil
	}
	var m meta
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	info, err := os.Stat(filepath.Join(dir, "body"))
	if err != nil || info.Size() != m.Size {
		return nil
	}
	return &m
}

func (c *Client) revalidateOnce(ctx context.Context, src source, dir string, m *meta) error {
	start := time.Now()
	ctx, wd := c.watch(ctx)
	defer wd.stop()
	req, err := src.newRequest(ctx)
	if err != nil {
		return err
	}
	if m != nil && m.ETag != "" {
		req.Header.Set("If-None-Match", m.ETag)
	}
	if m != nil && m.LastModified != "" {
		req.Header.Set("If-Modified-Since", m.LastModified)
	}
	resp, err := c.do(src, wd, req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified && m != nil:
		c.log.Debug("not modified", "url", src.String())
		return nil
	case resp.StatusCode != http.StatusOK:
		return statusError(src, resp)
	case isHTML(resp):
		return &StatusError{URL: src.String(), StatusCode: resp.StatusCode, Status: resp.Status, HTML: true}
	}
	f, err := os.CreateTemp(filepath.Join(c.dir, "tmp"), "http-*.tmp")
	if err != nil {
		return fmt.Errorf("creating a temporary file in the cache: %w", err)
	}
	d := &download{c: c, src: src, f: f, sha: sha256.New(), total: resp.ContentLength}
	defer d.discard()
	c.emit(Event{Kind: EventStart, URL: src.String(), Total: d.total})
	if _, err := d.copyFrom(wd, resp); err != nil {
		return err
	}
	if resp.ContentLength >= 0 && d.n != resp.ContentLength {
		return &transientError{fmt.Errorf("fetching %s: %w at %d of %d bytes", src, errCut, d.n, resp.ContentLength)}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating cache directory: %w", err)
	}
	if err := d.commit(filepath.Join(dir, "body")); err != nil {
		return err
	}
	nm := meta{
		URL: src.String(), ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified"),
		Size: d.n, SHA256: hex.EncodeToString(d.sha.Sum(nil)), Fetched: time.Now().UTC(),
	}
	b, _ := json.MarshalIndent(nm, "", "  ")
	if err := atomicfile.WriteFile(filepath.Join(dir, "meta.json"), b, 0o644); err != nil {
		return fmt.Errorf("writing cache metadata for %s: %w", src, err)
	}
	elapsed := time.Since(start)
	c.log.Info("downloaded", "url", src.String(), "size", d.n, "duration", elapsed.Round(time.Millisecond))
	c.emit(Event{Kind: EventDone, URL: src.String(), Bytes: d.n, Total: d.n, Elapsed: elapsed})
	return nil
}
