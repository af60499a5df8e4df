package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
)

// source is where bytes come from: a local file, or an HTTP(S) URL whose
// credentials are kept apart so that they reach no log line, error or
// cache file name.
type source struct {
	path string   // a local file; empty for HTTP
	url  *url.URL // without userinfo
	user *url.Userinfo
}

func parseSource(raw string) (source, error) {
	if filepath.IsAbs(raw) {
		return source{path: filepath.Clean(raw)}, nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		// A *url.Error quotes the raw URL, password included: keep only
		// its cause.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return source{}, fmt.Errorf("parsing URL: %w", err)
	}
	switch u.Scheme {
	case "file":
		if u.Host != "" && u.Host != "localhost" {
			return source{}, fmt.Errorf("file URL %s names a host: use file:///absolute/path", u.Redacted())
		}
		p := filepath.FromSlash(u.Path)
		if !filepath.IsAbs(p) {
			return source{}, fmt.Errorf("file URL %s: the path must be absolute", u.Redacted())
		}
		return source{path: filepath.Clean(p)}, nil
	case "http", "https":
		if u.Host == "" {
			return source{}, fmt.Errorf("URL %s has no host", u.Redacted())
		}
		user := u.User
		bare := *u
		bare.User = nil
		return source{url: &bare, user: user}, nil
	case "":
		return source{}, fmt.Errorf("%q is neither a URL nor an absolute path: use https://, http://, file:// or an absolute path", u.Redacted())
	default:
		return source{}, fmt.Errorf("URL %s: unsupported scheme %q: use https://, http://, file:// or an absolute path", u.Redacted(), u.Scheme)
	}
}

// local reports whether the source is a file on this machine.
func (s source) local() bool { return s.path != "" }

// String names the source for errors and logs, never with credentials.
func (s source) String() string {
	if s.local() {
		return s.path
	}
	return s.url.String()
}

// newRequest is a GET of the source with its credentials as basic auth.
// Accept-Encoding is identity so that the bytes (and Content-Length, and
// Range offsets) are the file's own: Go's transparent gzip would otherwise
// undo the compression of an APKINDEX.tar.gz served with Content-Encoding.
func (s source) newRequest(ctx context.Context) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("fetching %s: %w", s, err)
	}
	if s.user != nil {
		pass, _ := s.user.Password()
		req.SetBasicAuth(s.user.Username(), pass)
	}
	req.Header.Set("User-Agent", "pyko")
	req.Header.Set("Accept-Encoding", "identity")
	return req, nil
}

// Redact returns a URL or path without its credentials, for messages and
// files that name a source: "https://user:pass@host/x" becomes
// "https://host/x". Anything else is returned as it is.
func Redact(raw string) string {
	if filepath.IsAbs(raw) {
		return raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	u.User = nil
	return u.String()
}
