package install

import (
	"crypto/sha1" //nolint:gosec // apk's installed database records SHA-1 ("Q1") file checksums
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// blob is one distinct file content, stored once under the temp dir.
type blob struct {
	path   string
	size   int64
	sha256 [sha256.Size]byte
	sha1   [sha1.Size]byte
}

// blobStore keeps contents by SHA-256, so identical files (hard links,
// duplicates across packages) are stored once and compared by digest.
type blobStore struct {
	dir   string
	blobs map[[sha256.Size]byte]*blob
}

func newBlobStore(dir string) *blobStore {
	return &blobStore{dir: dir, blobs: map[[sha256.Size]byte]*blob{}}
}

// put streams exactly size bytes of r into the store. A short stream is an
// error; nothing is held in memory.
func (s *blobStore) put(r io.Reader, size int64) (*blob, error) {
	f, err := os.CreateTemp(s.dir, "blob-*")
	if err != nil {
		return nil, fmt.Errorf("creating a temp file for file content: %w", err)
	}
	h256, h1 := sha256.New(), sha1.New() //nolint:gosec // see import
	n, err := io.Copy(io.MultiWriter(f, h256, h1), io.LimitReader(r, size))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && n != size {
		err = fmt.Errorf("content ends after %d of %d bytes: %w", n, size, io.ErrUnexpectedEOF)
	}
	if err != nil {
		return nil, errors.Join(err, os.Remove(f.Name()))
	}
	b := &blob{size: size}
	h256.Sum(b.sha256[:0])
	h1.Sum(b.sha1[:0])
	if old, ok := s.blobs[b.sha256]; ok {
		return old, os.Remove(f.Name())
	}
	b.path = filepath.Join(s.dir, hex.EncodeToString(b.sha256[:]))
	if err := os.Rename(f.Name(), b.path); err != nil {
		return nil, errors.Join(fmt.Errorf("storing file content: %w", err), os.Remove(f.Name()))
	}
	s.blobs[b.sha256] = b
	return b, nil
}

// open returns a reader of the content.
func (b *blob) open() (io.ReadCloser, error) { return os.Open(b.path) }

// read returns the whole content; only for the small files Finish edits.
func (b *blob) read(limit int64) ([]byte, error) {
	if b.size > limit {
		return nil, fmt.Errorf("%d bytes is more than the %d expected", b.size, limit)
	}
	return os.ReadFile(b.path)
}
