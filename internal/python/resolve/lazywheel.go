package resolve

import (
	"archive/zip"
	"context"
	"fmt"

	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/python/simpleapi"
	"github.com/pyko-dev/pyko/internal/python/wheel"
)

// tailSize is the first read of a wheel by ranges: its last bytes, which
// hold the central directory of all but the largest wheels.
const tailSize = 64 << 10

// rangeMetadata reads f's METADATA without downloading the wheel, as pip's
// lazy wheel and uv do: the end of the file (the zip's central directory),
// then the METADATA entry, by HTTP byte ranges. The bytes are not checked
// against the wheel's hash (that needs all of it); they only steer the
// resolution, and the wheel installed is downloaded whole and checked.
func (s *source) rangeMetadata(ctx context.Context, f simpleapi.File) ([]byte, error) {
	u, err := s.o.Index.AuthURL(f.URL)
	if err != nil {
		return nil, err
	}
	tail, size, err := s.o.Fetch.ReadRange(ctx, u, -1, tailSize)
	if err != nil {
		return nil, err
	}
	ra := &rangeReader{ctx: ctx, fc: s.o.Fetch, url: u, size: size}
	ra.add(size-int64(len(tail)), tail)
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return nil, fmt.Errorf("reading %s by byte ranges: %w", f.Filename, err)
	}
	return wheel.MetadataOf(zr, f.Filename)
}

// rangeReader is an io.ReaderAt over a remote file, reading missing parts
// in blocks of at least tailSize and keeping them.
type rangeReader struct {
	ctx    context.Context
	fc     *fetch.Client
	url    string
	size   int64
	blocks []block
}

type block struct {
	off  int64
	data []byte
}

func (r *rangeReader) add(off int64, data []byte) { r.blocks = append(r.blocks, block{off, data}) }

func (r *rangeReader) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 || off+int64(len(p)) > r.size {
		return 0, fmt.Errorf("read of %d bytes at %d outside the file's %d", len(p), off, r.size)
	}
	for _, b := range r.blocks {
		if off >= b.off && off+int64(len(p)) <= b.off+int64(len(b.data)) {
			return copy(p, b.data[off-b.off:]), nil
		}
	}
	n := max(int64(len(p)), tailSize)
	n = min(n, r.size-off)
	data, _, err := r.fc.ReadRange(r.ctx, r.url, off, n)
	if err != nil {
		return 0, err
	}
	if int64(len(data)) < int64(len(p)) {
		return 0, fmt.Errorf("the server sent %d bytes at %d, %d asked", len(data), off, len(p))
	}
	r.add(off, data)
	return copy(p, data), nil
}
