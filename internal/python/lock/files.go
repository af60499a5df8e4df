package lock

import (
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"strings"
)

// FileName is the unescaped last path segment of a URL: the name of the
// file it points at.
func FileName(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return path.Base(rawURL)
	}
	return path.Base(u.Path)
}

// FileURL makes a file: URL for p, a path relative to dir (the
// lockfile's directory) unless absolute.
func FileURL(dir, p string) string {
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, filepath.FromSlash(p))
	}
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(p)}).String()
}

// IsSHA256 reports whether hex is a SHA-256 digest in lowercase hex.
func IsSHA256(hex string) bool {
	return len(hex) == 64 && strings.Trim(hex, "0123456789abcdef") == ""
}

// ParseSHA256 reads an "algorithm:hex" hash as uv.lock and poetry.lock
// write it and returns the hex digest of a sha256 one; another algorithm
// gives "" (some private indexes give only md5). The error says what is
// wrong; the caller adds how to re-lock.
func ParseSHA256(h string) (string, error) {
	if h == "" {
		return "", nil
	}
	algo, hex, ok := strings.Cut(h, ":")
	if !ok {
		return "", fmt.Errorf("hash %q has no algorithm", h)
	}
	if algo != "sha256" {
		return "", nil
	}
	hex = strings.ToLower(hex)
	if !IsSHA256(hex) {
		return "", fmt.Errorf("hash %q is not 64 hex digits", h)
	}
	return hex, nil
}
