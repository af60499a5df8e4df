package fetch

import (
	"context"
	"fmt"
	"io"
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
// cache has no good file under w.Key. A cached file is checked like a
// download (size, digests, Verify) before it is returned; a bad one is
// removed with a warning and fetched again. The file must only be read.
func (c *Client) Fetch(ctx context.Context, w Want) (string, error) {
	src, err := parseSource(w.URL)
	if err != nil {
		return "", err
	}
	if err := CheckKey(w.Key); err != nil {
		return "", fmtFetch(src, err)
	}
	hs, err := w.digests()
	if err != nil {
		return "", fmtFetch(src, err)
	}
	final := filepath.Join(c.dir, "blobs", filepath.FromSlash(w.Key))
	if ok, err := c.hit(final, src, w, hs); err != nil {
		return "", err
	} else if ok {
		return final, nil
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

// hit reports whether final is a good cached copy of w. A bad copy is
// removed with one warning line, so that it is fetched again: a bad entry
// must not fail this build and every later one. Offline, it is an error
// that names the file.
func (c *Client) hit(final string, src source, w Want, hs []Hash) (bool, error) {
	info, err := os.Stat(final)
	if err != nil || !info.Mode().IsRegular() {
		return false, nil
	}
	err = checkCached(final, info.Size(), w, hs)
	if err == nil {
		c.log.Debug("cached", "url", src.String(), "key", w.Key)
		c.emit(Event{Kind: EventCached, URL: src.String(), Key: w.Key, Bytes: info.Size(), Total: info.Size()})
		return true, nil
	}
	bad := fmt.Sprintf("the cached file %s is bad (%v)", final, err)
	if c.offline && !src.local() {
		return false, &OfflineError{URL: src.String(), Bad: bad}
	}
	c.log.Warn(bad + "; removed, fetching it again")
	if err := os.Remove(final); err != nil && !os.IsNotExist(err) {
		return false, fmt.Errorf("removing bad cached file %s: %w", final, err)
	}
	return false, nil
}

// checkCached checks a cache hit of size bytes at path as a download is
// checked: size, every expected digest, then the caller's Verify.
func checkCached(path string, size int64, w Want, hs []Hash) error {
	if w.Size > 0 && size != w.Size {
		return fmt.Errorf("%d bytes, want %d", size, w.Size)
	}
	if len(hs) > 0 {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		mh := newMultiHash(hs)
		if _, err := io.Copy(mh, f); err != nil {
			return fmt.Errorf("reading: %w", err)
		}
		if err := mh.check(hs); err != nil {
			return err
		}
	}
	if w.Verify != nil {
		return w.Verify(path)
	}
	return nil
}
