package uvlock

import (
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/lock"
)

// artifacts lists a package's wheels and then its sdist. Relative URLs
// are resolved against the package's artifact-base (newer uv factors the
// common prefix out); local paths become file: URLs relative to dir, the
// lock's directory.
func artifacts(dir string, w *packageWire) ([]lock.File, error) {
	var out []lock.File
	all := w.Wheels
	if w.Sdist != nil {
		all = append(all[:len(all):len(all)], *w.Sdist)
	}
	for _, fw := range all {
		a, err := artifact(dir, w, fw)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

func artifact(dir string, w *packageWire, fw fileWire) (lock.File, error) {
	a := lock.File{Size: fw.Size}
	switch {
	case fw.URL != "":
		u, err := resolveURL(w.ArtifactBase, fw.URL)
		if err != nil {
			return a, err
		}
		a.URL = u
		a.Filename = lastSegment(u)
	case fw.Path != "":
		a.URL = fileURL(dir, fw.Path)
		a.Filename = path.Base(filepath.ToSlash(fw.Path))
	case fw.Filename != "":
		// A file of a url or path source: the file is the source itself.
		a.Filename = fw.Filename
		switch {
		case w.Source.URL != "":
			a.URL = w.Source.URL
		case w.Source.Path != "":
			a.URL = fileURL(dir, w.Source.Path)
		}
	default:
		return a, fmt.Errorf("a file has no url, path or filename: run `uv lock`")
	}
	if fw.Filename != "" {
		a.Filename = fw.Filename
	}
	sum, err := sha256Of(fw.Hash)
	if err != nil {
		return a, fmt.Errorf("file %s: %w", a.Filename, err)
	}
	a.SHA256 = sum
	return a, nil
}

// resolveURL joins a relative artifact URL to the package's artifact-base.
func resolveURL(base, ref string) (string, error) {
	u, err := url.Parse(ref)
	if err != nil {
		return "", fmt.Errorf("parsing file URL %q: %w", ref, err)
	}
	if u.Scheme != "" || base == "" {
		return ref, nil
	}
	b, err := url.Parse(base)
	if err != nil {
		return "", fmt.Errorf("parsing artifact-base %q: %w", base, err)
	}
	return b.ResolveReference(u).String(), nil
}

// lastSegment is the unescaped last path segment of a URL: its file name.
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
// or for another algorithm (uv records sha256 for what it downloads).
func sha256Of(h string) (string, error) {
	if h == "" {
		return "", nil
	}
	algo, hex, ok := strings.Cut(h, ":")
	if !ok {
		return "", fmt.Errorf("hash %q has no algorithm: run `uv lock`", h)
	}
	if algo != "sha256" {
		return "", nil
	}
	hex = strings.ToLower(hex)
	if len(hex) != 64 || strings.Trim(hex, "0123456789abcdef") != "" {
		return "", fmt.Errorf("hash %q is not 64 hex digits: run `uv lock`", h)
	}
	return hex, nil
}
