package wheel

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/pep440"
)

type options struct {
	installer string
	directURL []byte
	log       *slog.Logger
	python    *pep440.Version // nil: Requires-Python is not checked
}

// Option configures Install.
type Option func(*options) error

// WithInstaller sets the content of .dist-info/INSTALLER, the tool that
// installed the distribution. Default "pyko".
func WithInstaller(name string) Option {
	return func(o *options) error {
		if name == "" {
			return fmt.Errorf("installer name must not be empty")
		}
		o.installer = name
		return nil
	}
}

// WithDirectURL writes .dist-info/direct_url.json for a wheel that was
// asked for by URL rather than found through an index, as the direct URL
// spec says:
// https://packaging.python.org/en/latest/specifications/direct-url-data-structure/
// sha256 is the wheel file's hex digest. Credentials are removed from the
// URL. Default: no direct_url.json.
func WithDirectURL(rawURL, sha256 string) Option {
	return func(o *options) error {
		u, err := url.Parse(rawURL)
		if err != nil || u.Scheme == "" {
			return fmt.Errorf("parsing direct URL %q: must be an absolute URL", rawURL)
		}
		if len(sha256) != 64 || strings.Trim(strings.ToLower(sha256), "0123456789abcdef") != "" {
			return fmt.Errorf("direct URL %s: sha256 %q is not a hex SHA-256 digest", rawURL, sha256)
		}
		u.User = nil
		type archiveInfo struct {
			Hash   string            `json:"hash"`
			Hashes map[string]string `json:"hashes"`
		}
		// Keys in alphabetical order, as pip writes them (sort_keys=True);
		// "hash" is deprecated but still read by older tools.
		b, err := json.Marshal(struct {
			ArchiveInfo archiveInfo `json:"archive_info"`
			URL         string      `json:"url"`
		}{archiveInfo{"sha256=" + sha256, map[string]string{"sha256": sha256}}, u.String()})
		if err != nil {
			return fmt.Errorf("encoding direct_url.json: %w", err)
		}
		o.directURL = append(b, '\n')
		return nil
	}
}

// WithLogger sets where warnings go (a newer minor Wheel-Version, say).
// Default slog.Default().
func WithLogger(l *slog.Logger) Option {
	return func(o *options) error { o.log = l; return nil }
}

// WithPython sets the full version of the Python the wheel is installed
// for ("3.12.4"): a wheel whose METADATA Requires-Python excludes it is
// refused with a *RequiresPythonError, as pip refuses it. Default: not
// checked.
func WithPython(version string) Option {
	return func(o *options) error {
		v, err := pep440.Parse(version)
		if err != nil {
			return fmt.Errorf("python version %q: %w", version, err)
		}
		o.python = &v
		return nil
	}
}
