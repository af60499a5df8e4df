package simpleapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"

	"github.com/pyko-dev/pyko/internal/fetch"
)

// maxPage caps a page's body: the largest PyPI pages are tens of MB.
const maxPage = 512 << 20

// getPage returns an up-to-date cached copy of rawURL (no credentials in
// it) asked for with accept, sending user as basic auth, through the
// fetch client's revalidating cache. 404 and 410 are errNotFound.
func (c *Client) getPage(ctx context.Context, rawURL string, user *url.Userinfo, accept string) (*fetch.Entry, error) {
	authed, err := withUser(rawURL, user)
	if err != nil {
		return nil, err
	}
	e, err := c.pages.Get(ctx, fetch.Request{URL: authed, Accept: accept, HTML: true, Gzip: true, MaxSize: maxPage, Check: checkPage})
	var se *fetch.StatusError
	if errors.As(err, &se) {
		switch se.StatusCode {
		case http.StatusNotFound, http.StatusGone:
			return nil, errNotFound
		case http.StatusUnauthorized, http.StatusForbidden:
			return nil, fmt.Errorf("%w: check the credentials (in the index URL or ~/.netrc)", err)
		}
	}
	return e, err
}

// withUser returns rawURL with user as its userinfo, for fetch, which
// sends it as basic auth and keeps it out of errors, logs and the cache.
func withUser(rawURL string, user *url.Userinfo) (string, error) {
	if user == nil {
		return rawURL, nil
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", fmt.Errorf("fetching %s: not a URL", fetch.Redact(rawURL))
	}
	u.User = user
	return u.String(), nil
}

// checkPage refuses a JSON page that does not parse. A page cut short by a
// proxy but sent whole-looking, with the server's ETag, would otherwise be
// revalidated (304) and fail every later build; failing this check, the
// cached copy is discarded and fetched again. An HTML page has no such
// check: HTML parsers take any prefix.
func checkPage(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	t := bytes.TrimLeft(b, " \t\r\n")
	if len(t) == 0 || t[0] != '{' {
		return nil
	}
	if err := json.Unmarshal(t, new(struct{})); err != nil {
		return fmt.Errorf("parsing the PEP 691 JSON page: %w (cut short or garbled on the way?)", err)
	}
	return nil
}
