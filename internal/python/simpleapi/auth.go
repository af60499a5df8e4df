package simpleapi

import (
	"fmt"
	"net/url"

	"github.com/pyko-dev/pyko/internal/fetch"
)

// userFor returns the credentials to send to u: explicit ones (the
// userinfo of the URL being fetched), else those of an index or
// --find-links URL of the same scheme and host (port included), else the
// host's .netrc entry. Index credentials never go to another host: files
// on a CDN get that host's .netrc entry or nothing.
func (c *Client) userFor(u *url.URL, explicit *url.Userinfo) *url.Userinfo {
	if explicit != nil {
		return explicit
	}
	for _, ix := range c.indexes {
		if ix.user != nil && ix.url.Scheme == u.Scheme && ix.url.Host == u.Host {
			return ix.user
		}
	}
	for _, loc := range c.findLinks {
		if loc.user != nil && loc.url.Scheme == u.Scheme && loc.url.Host == u.Host {
			return loc.user
		}
	}
	if login, pass, ok := c.netrc.lookup(u.Hostname()); ok {
		return url.UserPassword(login, pass)
	}
	return nil
}

// AuthURL returns raw with the credentials pyko would send to it (see
// userFor), for fetch.Client, which sends them as basic auth and keeps
// them out of errors, logs and cache names. Use it for files whose URL
// comes from a lockfile; never record or print what it returns. A URL that
// already has credentials, or is not http(s), is returned as it is.
func (c *Client) AuthURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("parsing URL %s: not a URL", fetch.Redact(raw))
	}
	if u.User != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return raw, nil
	}
	if user := c.userFor(u, nil); user != nil {
		u.User = user
		return u.String(), nil
	}
	return raw, nil
}
