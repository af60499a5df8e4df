package layer

import (
	"io"
	"os"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/types"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// Layer is a finished layer whose compressed blob lives in a file. It
// implements v1.Layer; Compressed and Uncompressed reopen the file, so the
// bytes are streamed on every use.
type Layer struct {
	file        string
	digest      v1.Hash
	diffID      v1.Hash
	size        int64
	compression Compression
}

var _ v1.Layer = (*Layer)(nil)

// Digest is the SHA-256 of the compressed blob.
func (l *Layer) Digest() (v1.Hash, error) { return l.digest, nil }

// DiffID is the SHA-256 of the uncompressed tar stream.
func (l *Layer) DiffID() (v1.Hash, error) { return l.diffID, nil }

// Size is the length of the compressed blob.
func (l *Layer) Size() (int64, error) { return l.size, nil }

// Compressed opens the compressed blob.
func (l *Layer) Compressed() (io.ReadCloser, error) { return os.Open(l.file) }

// MediaType is the OCI layer media type of the blob's compression.
func (l *Layer) MediaType() (types.MediaType, error) {
	if l.compression == Zstd {
		return types.OCILayerZStd, nil
	}
	return types.OCILayer, nil
}

// Uncompressed opens the tar stream.
func (l *Layer) Uncompressed() (io.ReadCloser, error) {
	f, err := os.Open(l.file)
	if err != nil {
		return nil, err
	}
	if l.compression == Zstd {
		d, err := zstd.NewReader(f)
		if err != nil {
			f.Close()
			return nil, err
		}
		return &closers{Reader: d, close: func() error { d.Close(); return f.Close() }}, nil
	}
	g, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	return &closers{Reader: g, close: func() error { g.Close(); return f.Close() }}, nil
}

// Remove deletes the blob file. The layer is unusable afterwards.
func (l *Layer) Remove() error { return os.Remove(l.file) }

type closers struct {
	io.Reader
	close func() error
}

func (c *closers) Close() error { return c.close() }

// File is the path of the compressed blob.
func (l *Layer) File() string { return l.file }

// Compression is the blob's compression.
func (l *Layer) Compression() Compression { return l.compression }

// Open is a layer already written to file (a cached one): the caller
// vouches for its digest, diff-id and size, having checked them.
func Open(file string, digest, diffID v1.Hash, size int64, c Compression) *Layer {
	return &Layer{file: file, digest: digest, diffID: diffID, size: size, compression: c}
}
