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
	"sync"
)

// packMax is the largest content kept in the store's pack file; larger
// ones get a file each. An OS tree is thousands of small files, and on
// some disks creating a file costs far more than writing its bytes.
const packMax = 1 << 20

// blob is one distinct file content, stored once under the temp dir: in
// a file of its own (path), or at off in a pack file.
type blob struct {
	path   string
	pack   *packReader
	off    int64
	size   int64
	sha256 [sha256.Size]byte
	sha1   [sha1.Size]byte
}

// blobStore keeps contents by SHA-256, so identical files (hard links,
// duplicates across packages) are stored once and compared by digest.
// Small contents are appended to a pack file, which is opened for
// reading once, at the first read, for all its contents (a layer of
// thousands of small files would otherwise open it thousands of times);
// close shuts those, and removing the store's directory removes it.
// Contents may be put from several goroutines at once, each with a pack
// of its own (see Tree.Stage).
type blobStore struct {
	dir  string
	mu   sync.Mutex // guards blobs and packs
	main pack       // the pack of put
	// blobs are the distinct contents by SHA-256.
	blobs map[[sha256.Size]byte]*blob
	// packs are the pack files made, to close.
	packs []*packReader
}

// pack is one pack file and where its next content goes; one writer at a
// time.
type pack struct {
	r   *packReader // once made
	end int64
	buf []byte // the copy buffer of its writer, once made
}

// buffer is p's copy buffer: one per writer, where io.Copy would make
// one per file.
func (p *pack) buffer() []byte {
	if p.buf == nil {
		p.buf = make([]byte, 64<<10)
	}
	return p.buf
}

// packReader is a pack file's one read handle, opened on first use and
// shared: contents are read with ReadAt, which needs no lock.
type packReader struct {
	path string
	once sync.Once
	f    *os.File
	err  error
}

func (p *packReader) file() (*os.File, error) {
	p.once.Do(func() { p.f, p.err = os.Open(p.path) })
	return p.f, p.err
}

// close closes the pack files opened for reading.
func (s *blobStore) close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	for _, p := range s.packs {
		p.once.Do(func() { p.err = os.ErrClosed }) // none opens it after this
		if p.f != nil {
			errs = append(errs, p.f.Close())
			p.f, p.err = nil, os.ErrClosed
		}
	}
	return errors.Join(errs...)
}

func newBlobStore(dir string) *blobStore {
	return &blobStore{dir: dir, blobs: map[[sha256.Size]byte]*blob{}}
}

// put streams exactly size bytes of r into the store. A short stream is an
// error; nothing is held in memory.
func (s *blobStore) put(r io.Reader, size int64) (*blob, error) {
	return s.putIn(&s.main, r, size)
}

// putIn is put, small contents going to p.
func (s *blobStore) putIn(p *pack, r io.Reader, size int64) (*blob, error) {
	if size <= packMax {
		return s.putPacked(p, r, size)
	}
	f, err := os.CreateTemp(s.dir, "blob-*")
	if err != nil {
		return nil, fmt.Errorf("creating a temp file for file content: %w", err)
	}
	b, err := copyHashed(f, r, size, p.buffer())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, errors.Join(err, os.Remove(f.Name()))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
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

// putPacked appends the content to p; a content the store already has is
// written over by the next one.
func (s *blobStore) putPacked(p *pack, r io.Reader, size int64) (*blob, error) {
	if p.r == nil {
		f, err := os.CreateTemp(s.dir, "pack-*")
		if err != nil {
			return nil, fmt.Errorf("creating a temp file for file content: %w", err)
		}
		if err := f.Close(); err != nil {
			return nil, err
		}
		p.r = &packReader{path: f.Name()}
		s.mu.Lock()
		s.packs = append(s.packs, p.r)
		s.mu.Unlock()
	}
	f, err := os.OpenFile(p.r.path, os.O_WRONLY, 0)
	if err != nil {
		return nil, fmt.Errorf("storing file content: %w", err)
	}
	b, err := copyHashed(io.NewOffsetWriter(f, p.end), r, size, p.buffer())
	s.mu.Lock()
	defer s.mu.Unlock()
	old := (*blob)(nil)
	if err == nil {
		old = s.blobs[b.sha256]
	}
	if err != nil || (old != nil && size > 0) {
		// Nothing half-written or repeated stays: the pack ends at its
		// last whole content, and goes when it has none.
		err = errors.Join(err, f.Truncate(p.end))
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		if p.end == 0 {
			err = errors.Join(err, os.Remove(p.r.path))
			p.r = nil
		}
		return nil, err
	}
	if old != nil {
		return old, nil
	}
	b.pack, b.off = p.r, p.end
	p.end += size
	s.blobs[b.sha256] = b
	return b, nil
}

// copyHashed copies exactly size bytes of r to w through buf and returns
// the blob's size and digests.
func copyHashed(w io.Writer, r io.Reader, size int64, buf []byte) (*blob, error) {
	h256, h1 := sha256.New(), sha1.New() //nolint:gosec // see import
	n, err := io.CopyBuffer(io.MultiWriter(w, h256, h1), io.LimitReader(r, size), buf)
	if err == nil && n != size {
		err = fmt.Errorf("content ends after %d of %d bytes: %w", n, size, io.ErrUnexpectedEOF)
	}
	if err != nil {
		return nil, err
	}
	b := &blob{size: size}
	h256.Sum(b.sha256[:0])
	h1.Sum(b.sha1[:0])
	return b, nil
}

// open returns a reader of the content.
func (b *blob) open() (io.ReadCloser, error) {
	r, c, err := b.readerAt()
	if err != nil {
		return nil, err
	}
	return struct {
		io.Reader
		io.Closer
	}{io.NewSectionReader(r, 0, b.size), c}, nil
}

// readerAt gives random access to the content, for ELF headers.
func (b *blob) readerAt() (io.ReaderAt, io.Closer, error) {
	if b.pack == nil {
		f, err := os.Open(b.path)
		return f, f, err
	}
	f, err := b.pack.file()
	if err != nil {
		return nil, nil, err
	}
	return io.NewSectionReader(f, b.off, b.size), io.NopCloser(nil), nil
}

// read returns the whole content; only for the small files Finish edits.
func (b *blob) read(limit int64) ([]byte, error) {
	if b.size > limit {
		return nil, fmt.Errorf("%d bytes is more than the %d expected", b.size, limit)
	}
	r, err := b.open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}
