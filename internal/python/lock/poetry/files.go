package poetry

import (
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/lock"
)

// artifacts lists a package's files. poetry.lock records names and hashes
// but no URLs: the index is asked for them, except for a package whose
// source is itself a file or a URL.
func (f *File) artifacts(w *packageWire) ([]lock.File, error) {
	var direct, name string
	if s := w.Source; s != nil && (s.Type == "url" || s.Type == "file") {
		direct = s.URL
		if s.Type == "file" {
			direct = fileURL(f.dir, s.URL)
		}
		name = lastSegment(direct)
	}
	out := make([]lock.File, 0, len(w.Files))
	for _, fw := range w.Files {
		sum, err := sha256Of(fw.Hash)
		if err != nil {
			return nil, fmt.Errorf("file %s: %w", fw.File, err)
		}
		a := lock.File{Filename: fw.File, SHA256: sum}
		if direct != "" && (fw.File == name || len(w.Files) == 1) {
			a.URL = direct
		}
		out = append(out, a)
	}
	if len(out) == 0 && direct != "" {
		out = append(out, lock.File{Filename: name, URL: direct})
	}
	return out, nil
}

// lastSegment is the unescaped last path segment of a URL.
func lastSegment(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return path.Base(raw)
	}
	return path.Base(u.Path)
}

// fileURL makes a file: URL for p, a path relative to dir unless absolute.
func fileURL(dir, p string) string {
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, filepath.FromSlash(p))
	}
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(p)}).String()
}

// sha256Of returns the hex digest of a "sha256:<hex>" hash, "" for none
// or for another algorithm (some private indexes only give md5).
func sha256Of(h string) (string, error) {
	if h == "" {
		return "", nil
	}
	algo, hex, ok := strings.Cut(h, ":")
	if !ok {
		return "", fmt.Errorf("hash %q has no algorithm: re-lock with `poetry lock`", h)
	}
	if algo != "sha256" {
		return "", nil
	}
	hex = strings.ToLower(hex)
	if len(hex) != 64 || strings.Trim(hex, "0123456789abcdef") != "" {
		return "", fmt.Errorf("hash %q is not 64 hex digits: re-lock with `poetry lock`", h)
	}
	return hex, nil
}
