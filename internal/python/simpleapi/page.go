package simpleapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/pyko-dev/pyko/internal/fetch"
)

// page is an up-to-date copy of a page in the cache.
type page struct {
	path string
	meta pageMeta
}

// getPage returns an up-to-date cached copy of rawURL (no credentials in
// it) asked for with accept, sending user as basic auth: the cached copy
// if the server answers 304, else the new one. Offline, the cached copy is
// used whatever its age. 404 and 410 are errNotFound.
func (c *Client) getPage(ctx context.Context, rawURL string, user *url.Userinfo, accept string) (*page, error) {
	path := c.cachePath(rawURL, accept)
	old := cachedMeta(path)
	if c.fc.Offline() {
		if old == nil {
			return nil, &fetch.OfflineError{URL: rawURL}
		}
		c.log.Debug("offline: using the cached page", "url", rawURL)
		return &page{path: path, meta: *old}, nil
	}
	var got pageMeta
	err := c.retrier.Do(ctx, rawURL, func(ctx context.Context) (err error) {
		got, err = c.getOnce(ctx, rawURL, user, accept, path, old)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &page{path: path, meta: got}, nil
}

// getOnce is one conditional GET of a page.
func (c *Client) getOnce(ctx context.Context, rawURL string, user *url.Userinfo, accept, path string, old *pageMeta) (pageMeta, error) {
	start := time.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return pageMeta{}, fmt.Errorf("fetching %s: %w", rawURL, err)
	}
	req.Header.Set("Accept", accept)
	req.Header.Set("User-Agent", "pyko")
	if user != nil {
		pass, _ := user.Password()
		req.SetBasicAuth(user.Username(), pass)
	}
	if old != nil && old.ETag != "" {
		req.Header.Set("If-None-Match", old.ETag)
	}
	if old != nil && old.LastModified != "" {
		req.Header.Set("If-Modified-Since", old.LastModified)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // it repeats the method and URL
		}
		return pageMeta{}, fetch.Transient(fmt.Errorf("fetching %s: %w", rawURL, err))
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified && old != nil:
		c.log.Debug("page not modified", "url", rawURL)
		return *old, nil
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return pageMeta{}, errNotFound
	case resp.StatusCode != http.StatusOK:
		return pageMeta{}, newStatusError(rawURL, resp)
	}
	final := *resp.Request.URL
	final.User = nil
	m := pageMeta{
		URL: rawURL, FinalURL: final.String(), Accept: accept, ContentType: resp.Header.Get("Content-Type"),
		ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified"), Fetched: time.Now().UTC(),
	}
	n, err := c.writeCached(path, m, resp.Body)
	var we *writeError
	switch {
	case errors.Is(err, errTooLarge):
		return pageMeta{}, fmt.Errorf("fetching %s: %w", rawURL, err)
	case errors.As(err, &we):
		return pageMeta{}, err
	case err != nil:
		return pageMeta{}, fetch.Transient(fmt.Errorf("fetching %s: reading the response: %w", rawURL, err))
	case !resp.Uncompressed && resp.ContentLength >= 0 && n != resp.ContentLength:
		return pageMeta{}, fetch.Transient(fmt.Errorf("fetching %s: the response was cut short at %d of %d bytes", rawURL, n, resp.ContentLength))
	}
	c.log.Debug("fetched page", "url", rawURL, "type", m.ContentType, "size", n, "duration", time.Since(start).Round(time.Millisecond))
	return m, nil
}

// newStatusError describes an error status as fetch does, so that callers
// handle one *fetch.StatusError type and the shared Retrier honours the
// server's Retry-After.
func newStatusError(rawURL string, resp *http.Response) error {
	se := fetch.ResponseError(rawURL, resp)
	if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden {
		return fmt.Errorf("%w: check the credentials (in the index URL or ~/.netrc)", se)
	}
	return se
}
