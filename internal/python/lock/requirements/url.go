package requirements

import (
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
)

// vcsPrefixes start the URL schemes of pip's version control support.
var vcsPrefixes = []string{"git", "hg", "svn", "bzr"}

// urlScheme returns the lower-cased scheme of s when it is one pip treats
// as a URL (http, https, file, ftp or a VCS scheme), else "".
func urlScheme(s string) string {
	scheme, _, ok := strings.Cut(s, ":")
	if !ok {
		return ""
	}
	scheme = strings.ToLower(scheme)
	switch scheme {
	case "http", "https", "file", "ftp":
		return scheme
	}
	for _, v := range vcsPrefixes {
		if scheme == v || strings.HasPrefix(scheme, v+"+") {
			return scheme
		}
	}
	return ""
}

// fileURL makes a file: URL absolute, a relative one ("file:dist/x.whl")
// being relative to dir.
func fileURL(u *url.URL, dir string) (*url.URL, error) {
	if u.Host != "" && u.Host != "localhost" {
		return nil, fmt.Errorf("file URL %q names host %q: only local files can be read", u, u.Host)
	}
	p := u.Path
	if u.Opaque != "" {
		p = u.Opaque
	}
	p = filepath.FromSlash(p)
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	return &url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Clean(p))}, nil
}

// redact hides the credentials of a URL, often in an index URL or
// expanded from ${VAR}, so that no error or log shows them. The user name
// goes too: it is often a token.
func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		i, j := strings.Index(s, "://"), strings.LastIndex(s, "@")
		if i >= 0 && j > i {
			return s[:i+3] + "xxxxx" + s[j:]
		}
		return s
	}
	if u.User == nil {
		return s
	}
	u.User = url.User("xxxxx")
	return u.String()
}

// fileURLPath returns the local path of a file: URL.
func fileURLPath(s, dir string) (string, error) {
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("parsing URL %q: %w", s, err)
	}
	if u, err = fileURL(u, dir); err != nil {
		return "", err
	}
	return filepath.FromSlash(u.Path), nil
}

// userinfo is the credentials part of the URLs in a text.
var userinfo = regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.-]*://)[^/@\s]*@`)

// redactText hides the credentials of every URL in a requirement as
// written, for messages.
func redactText(s string) string { return userinfo.ReplaceAllString(s, "${1}xxxxx@") }
