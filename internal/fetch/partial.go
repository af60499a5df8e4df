package fetch

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"

	"github.com/pyko-dev/pyko/internal/atomicfile"
)

// A download in progress lives in a temporary file of its own
// (tmp/<hash>.<random>.tmp), so concurrent fetches of one key never share a
// file. A download cut for good is parked as tmp/<hash>.part, with the URL
// and ETag it came from in tmp/<hash>.part.json, where the next fetch of the
// key claims it by renaming it to its own name: a rename succeeds once, so
// two claimants never get the same partial file.

// partialMeta is what a parked partial file came from.
type partialMeta struct {
	URL  string `json:"url"`
	ETag string `json:"etag"`
}

func (c *Client) partialBase(key string) string {
	sum := sha256.Sum256([]byte(key))
	return filepath.Join(c.dir, "tmp", hex.EncodeToString(sum[:16]))
}

// claim returns a temporary file for key: a parked partial download of the
// same URL if there is one (its bytes already hashed into h, its ETag for
// If-Range), else an empty file.
func (c *Client) claim(key, url string, h hash.Hash) (f *os.File, n int64, etag string, err error) {
	base := c.partialBase(key)
	var rnd [8]byte
	_, _ = rand.Read(rnd[:])
	name := base + "." + hex.EncodeToString(rnd[:]) + ".tmp"
	if os.Rename(base+".part", name) == nil {
		var m partialMeta
		b, err := os.ReadFile(base + ".part.json")
		_ = os.Remove(base + ".part.json")
		if err == nil && json.Unmarshal(b, &m) == nil && m.URL == url && m.ETag != "" {
			if f, err := os.OpenFile(name, os.O_RDWR, 0); err == nil {
				if n, err := io.Copy(h, f); err == nil && n > 0 {
					return f, n, m.ETag, nil
				}
				f.Close()
			}
		}
		h.Reset()
		_ = os.Remove(name)
	}
	f, err = os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, 0, "", fmt.Errorf("creating a temporary file in the cache: %w", err)
	}
	return f, 0, "", nil
}

// park keeps the partial download in f for a later attempt to resume.
// It is best effort: if parking fails the file is removed.
func (c *Client) park(key, url, etag string, f *os.File) {
	base := c.partialBase(key)
	name := f.Name()
	f.Close()
	b, _ := json.Marshal(partialMeta{URL: url, ETag: etag})
	if atomicfile.WriteFile(base+".part.json", b, 0o644) != nil || os.Rename(name, base+".part") != nil {
		_ = os.Remove(name)
		return
	}
	c.log.Debug("kept partial download for resuming", "url", url)
}
