package simpleapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/python/pep503"
)

// acceptSimple asks for PEP 691 JSON, then the versioned HTML, then the
// legacy HTML that every index serves.
const acceptSimple = "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01"

// Client reads project pages from indexes and --find-links locations. It is
// safe for concurrent use.
type Client struct {
	fc        *fetch.Client
	pages     *fetch.HTTPCache
	indexes   []index
	findLinks []location
	log       *slog.Logger
	netrc     *netrc

	mu       sync.Mutex
	parsed   map[string][]File   // parsed --find-links pages, by URL
	projects map[string]*Project // projects read, by normalised name
}

// index is an Index parsed: its URL without credentials and with a
// trailing slash, the credentials apart.
type index struct {
	url  *url.URL
	user *url.Userinfo
}

func (ix index) String() string { return ix.url.String() }

// New returns a client of indexes, searched in the given order (see Order;
// none for --no-index), downloading through fc. Bad index URLs or
// --find-links locations, and an unreadable .netrc, are errors.
func New(fc *fetch.Client, indexes []Index, opts ...Option) (*Client, error) {
	o := options{retries: -1}
	for _, opt := range opts {
		opt(&o)
	}
	c := &Client{fc: fc, pages: fc.HTTPCache(o.cacheDir, o.fetchOptions()...), log: o.log, parsed: map[string][]File{}, projects: map[string]*Project{}}
	if c.log == nil {
		c.log = slog.Default()
	}
	for _, ix := range indexes {
		u, err := parseHTTPURL(ix.URL)
		if err != nil {
			return nil, fmt.Errorf("reading index URL: %w", err)
		}
		if !strings.HasSuffix(u.Path, "/") {
			u.Path += "/"
			if u.RawPath != "" {
				u.RawPath += "/"
			}
		}
		user := u.User
		u.User = nil
		c.indexes = append(c.indexes, index{url: u, user: user})
	}
	for _, raw := range o.findLinks {
		loc, err := parseLocation(raw)
		if err != nil {
			return nil, err
		}
		c.findLinks = append(c.findLinks, loc)
	}
	if len(c.indexes) == 0 && len(c.findLinks) == 0 {
		return nil, errors.New("no package index and no --find-links location to get packages from")
	}
	path := os.Getenv("NETRC")
	if o.netrc != nil {
		path = *o.netrc
	} else if path == "" {
		if home, err := os.UserHomeDir(); err == nil {
			path = filepath.Join(home, ".netrc")
		}
	}
	if path != "" {
		n, err := readNetrc(path)
		if err != nil {
			return nil, err
		}
		c.netrc = n
	}
	return c, nil
}

// parseHTTPURL parses an http(s) URL; errors never quote its password.
func parseHTTPURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // a *url.Error quotes the URL, password included
		}
		return nil, fmt.Errorf("%s: %w", fetch.Redact(raw), err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%s is not an http:// or https:// URL", fetch.Redact(raw))
	}
	return u, nil
}

// Project returns the files the indexes and --find-links locations offer
// for the project name (any spelling): those of the first index that has
// the project, then the matching --find-links files. A project found
// nowhere is a *NotFoundError.
func (c *Client) Project(ctx context.Context, name string) (*Project, error) {
	if !pep503.Valid(name) {
		return nil, fmt.Errorf("looking up project %q: not a valid project name", name)
	}
	norm := pep503.Normalize(name)
	c.mu.Lock()
	known := c.projects[norm]
	c.mu.Unlock()
	if known != nil {
		// A client serves one build: each page is read once, whatever
		// the number of platforms or of packages asking.
		return &Project{Name: known.Name, Files: slices.Clone(known.Files)}, nil
	}
	p, err := c.readProject(ctx, name, norm)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.projects[norm] = p
	c.mu.Unlock()
	return &Project{Name: p.Name, Files: slices.Clone(p.Files)}, nil
}

// readProject reads norm from the indexes and --find-links locations.
func (c *Client) readProject(ctx context.Context, name, norm string) (*Project, error) {
	p := &Project{Name: norm}
	found := false
	for _, ix := range c.indexes {
		files, err := c.indexProject(ctx, ix, norm)
		if errors.Is(err, errNotFound) {
			c.log.Debug("project not on index", "project", norm, "index", ix.String())
			continue
		}
		if err != nil {
			return nil, err
		}
		p.Files, found = files, true
		break
	}
	for _, loc := range c.findLinks {
		files, err := c.locationFiles(ctx, loc, norm)
		if err != nil {
			return nil, err
		}
		p.Files = append(p.Files, files...)
		found = found || len(files) > 0
	}
	if !found {
		e := &NotFoundError{Name: name}
		for _, ix := range c.indexes {
			e.Indexes = append(e.Indexes, ix.String())
		}
		for _, loc := range c.findLinks {
			e.FindLinks = append(e.FindLinks, loc.String())
		}
		return nil, e
	}
	return p, nil
}

// indexProject reads the project page of norm on ix.
func (c *Client) indexProject(ctx context.Context, ix index, norm string) ([]File, error) {
	pageURL := ix.url.JoinPath(norm).String() + "/"
	pg, err := c.getPage(ctx, pageURL, c.userFor(ix.url, ix.user), acceptSimple)
	if errors.Is(err, errNotFound) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("reading project %s from index %s: %w", norm, ix, err)
	}
	files, err := parseProject(pg, norm)
	if err != nil {
		return nil, fmt.Errorf("reading project %s from index %s: %w", norm, ix, err)
	}
	for i := range files {
		files[i].Index = ix.String()
	}
	return files, nil
}
