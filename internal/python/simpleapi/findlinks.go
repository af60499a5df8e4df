package simpleapi

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"

	"github.com/pyko-dev/pyko/internal/fetch"
)

// location is a --find-links location: a local directory or HTML file
// (path set), or an http(s) page (url set, without credentials).
type location struct {
	path string
	url  *url.URL
	user *url.Userinfo
}

func (l location) String() string {
	if l.path != "" {
		return l.path
	}
	return l.url.String()
}

// parseLocation reads a --find-links value: an absolute path, a file://
// URL or an http(s) URL.
func parseLocation(raw string) (location, error) {
	if filepath.IsAbs(raw) {
		return location{path: filepath.Clean(raw)}, nil
	}
	u, err := url.Parse(raw)
	if err == nil && u.Scheme == "file" && (u.Host == "" || u.Host == "localhost") && filepath.IsAbs(filepath.FromSlash(u.Path)) {
		return location{path: filepath.Clean(filepath.FromSlash(u.Path))}, nil
	}
	if err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		user := u.User
		u.User = nil
		return location{url: u, user: user}, nil
	}
	return location{}, fmt.Errorf("reading --find-links %s: use an absolute path, a file:// URL or an http(s) URL", fetch.Redact(raw))
}

// locationFiles returns the files at loc of the project norm.
func (c *Client) locationFiles(ctx context.Context, loc location, norm string) ([]File, error) {
	all, err := c.locationAll(ctx, loc, norm)
	if err != nil {
		return nil, fmt.Errorf("reading --find-links %s: %w", loc, err)
	}
	var out []File
	for _, f := range all {
		if forProject(f.Filename, norm) {
			f.Index = loc.String()
			out = append(out, f)
		}
	}
	return out, nil
}

// locationAll lists loc: a directory's distributions of norm (hashed, as
// only they are needed), or every link of a page (parsed once per Client).
func (c *Client) locationAll(ctx context.Context, loc location, norm string) ([]File, error) {
	if loc.path != "" {
		info, err := os.Stat(loc.path)
		if err != nil {
			return nil, err
		}
		if info.IsDir() {
			return listDir(loc.path, norm)
		}
	}
	key := loc.String()
	c.mu.Lock()
	files, ok := c.parsed[key]
	c.mu.Unlock()
	if ok {
		return files, nil
	}
	var err error
	if loc.path != "" {
		files, err = parseLocalHTML(loc.path)
	} else {
		files, err = c.linksPage(ctx, loc)
	}
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.parsed[key] = files
	c.mu.Unlock()
	return files, nil
}

// linksPage reads the links of an http(s) --find-links page.
func (c *Client) linksPage(ctx context.Context, loc location) ([]File, error) {
	pg, err := c.getPage(ctx, loc.url.String(), c.userFor(loc.url, loc.user), "text/html")
	if errors.Is(err, errNotFound) {
		return nil, errors.New("the page is not found (404)")
	}
	if err != nil {
		return nil, err
	}
	return parseLinks(pg)
}

// parseLocalHTML parses a local HTML file of links.
func parseLocalHTML(path string) ([]File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	hp, err := parseHTML(f, (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String())
	if err != nil {
		return nil, fmt.Errorf("parsing %s: %w", path, err)
	}
	return hp.files, nil
}

// listDir returns the distributions of norm in dir, sorted by name, with
// their size and sha256.
func listDir(dir, norm string) ([]File, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []File
	for _, e := range entries {
		if !forProject(e.Name(), norm) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		info, err := os.Stat(path) // follows a symlink
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		sum, err := fetch.HashFile(path)
		if err != nil {
			return nil, err
		}
		out = append(out, File{
			Filename: e.Name(), URL: (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String(),
			Hashes: map[string]string{"sha256": sum}, Size: info.Size(),
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Filename < out[j].Filename })
	return out, nil
}
