package simpleapi

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"

	"github.com/pyko-dev/pyko/internal/fetch"
)

// maxMetadata caps a core metadata file: real ones are kilobytes.
const maxMetadata = 16 << 20

// Metadata returns the core metadata (the METADATA file) of a wheel
// without downloading it: URL + ".metadata" (PEP 658), verified against
// the index's sha256 for it and cached under it. A file whose index offers
// no such metadata, or gives no sha256 for it, is an error wrapping
// ErrNoMetadata: then fetch the wheel.
func (c *Client) Metadata(ctx context.Context, f File) ([]byte, error) {
	sha := f.MetadataHashes["sha256"]
	if !f.CoreMetadata || sha == "" {
		return nil, fmt.Errorf("reading the metadata of %s from %s: %w", f.Filename, f.Index, ErrNoMetadata)
	}
	u, err := url.Parse(f.URL)
	if err != nil {
		return nil, fmt.Errorf("reading the metadata of %s: parsing URL %s: not a URL", f.Filename, fetch.Redact(f.URL))
	}
	u.Path += ".metadata"
	if u.RawPath != "" {
		u.RawPath += ".metadata"
	}
	authed, err := c.AuthURL(u.String())
	if err != nil {
		return nil, err
	}
	path, err := c.fc.Fetch(ctx, fetch.Want{URL: authed, Key: "sha256/" + sha, SHA256: sha})
	if err != nil {
		return nil, fmt.Errorf("reading the metadata of %s: %w", f.Filename, err)
	}
	r, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading the metadata of %s: %w", f.Filename, err)
	}
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, maxMetadata+1))
	if err != nil {
		return nil, fmt.Errorf("reading the metadata of %s: %w", f.Filename, err)
	}
	if len(b) > maxMetadata {
		return nil, fmt.Errorf("reading the metadata of %s: larger than 16 MiB", f.Filename)
	}
	return b, nil
}

// Want returns the fetch.Want that downloads f into the cache, verified
// and content-addressed by its sha256 ("sha256/<hex>"), with the
// credentials of its index (see AuthURL: do not record the Want's URL). A
// file without a sha256 is an error: pyko verifies every byte it installs.
func (c *Client) Want(f File) (fetch.Want, error) {
	sha := f.Hashes["sha256"]
	if sha == "" {
		return fetch.Want{}, fmt.Errorf("fetching %s from %s: the index gives no sha256 for it; pin one in the lockfile (--hash=sha256:...)", f.Filename, f.Index)
	}
	authed, err := c.AuthURL(f.URL)
	if err != nil {
		return fetch.Want{}, err
	}
	return fetch.Want{URL: authed, Key: "sha256/" + sha, SHA256: sha, Size: f.Size}, nil
}
