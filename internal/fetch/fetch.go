package fetch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sync/errgroup"
)

// Want is one content-addressed file to fetch.
type Want struct {
	// URL is https://, http://, file:// or an absolute path.
	URL string
	// Key names the file in the cache, e.g. "sha256/<hex>" or
	// "apk/x86_64/glibc-2.43-r0-<checksum>"; see CheckKey.
	Key string
	// SHA256 is the expected hex SHA-256 of the file, checked while it is
	// downloaded. Optional.
	SHA256 string
	// Hashes are further expected digests (sha256, sha384, sha512), all
	// checked while the file is downloaded and again on a cache hit.
	// Optional.
	Hashes []Hash
	// Size is the expected size in bytes; a cache hit of another size is
	// fetched again. Optional (0: unknown).
	Size int64
	// Verify, if set, checks the downloaded file at path before it is
	// renamed into the cache; an error keeps it out of the cache.
	Verify func(path string) error
}

// Fetch returns the path of the cached file for w, downloading it if the
// cache has no file of w.Size under w.Key. The file must only be read.
func (c *Client) Fetch(ctx context.Context, w Want) (string, error) {
	src, err := parseSource(w.URL)
	if err != nil {
		return "", err
	}
	if err := CheckKey(w.Key); err != nil {
		return "", fmtFetch(src, err)
	}
	if _, err := w.digests(); err != nil {
		return "", fmtFetch(src, err)
	}
	final := filepath.Join(c.dir, "blobs", filepath.FromSlash(w.Key))
	if info, err := os.Stat(final); err == nil && info.Mode().IsRegular() {
		if w.Size <= 0 || info.Size() == w.Size {
			c.log.Debug("cached", "url", src.String(), "key", w.Key)
			c.emit(Event{Kind: EventCached, URL: src.String(), Key: w.Key, Bytes: info.Size(), Total: info.Size()})
			return final, nil
		}
		c.log.Warn("cached file has the wrong size; fetching it again", "key", w.Key, "size", info.Size(), "want", w.Size)
	}
	if c.offline && !src.local() {
		return "", &OfflineError{URL: src.String()}
	}
	if err := c.download(ctx, w, src, final); err != nil {
		return "", err
	}
	return final, nil
}

// FetchAll fetches every file at most WithJobs at a time and returns their
// paths in the order of ws. The first error cancels the other fetches and
// is returned.
func (c *Client) FetchAll(ctx context.Context, ws []Want) ([]string, error) {
	paths := make([]string, len(ws))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(c.jobs)
	for i, w := range ws {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			p, err := c.Fetch(ctx, w)
			paths[i] = p
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return paths, nil
}

func fmtFetch(s source, err error) error { return fmt.Errorf("fetching %s: %w", s, err) }
