package image

import (
	"bufio"
	"bytes"
	"io"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// Readable is pi's image for reading its files (Scan, a compiler's
// root): a packed image's layers are decompressed by klauspost's
// decoders, about a quarter faster than the standard library's gzip that
// go-containerregistry uses, from the bytes as stored, sniffed as
// go-containerregistry does; an image that is not packed, as it is.
// Reading only: the layers are not the image's own (a registry layer is
// no longer mountable).
func (pi PlatformImage) Readable() v1.Image {
	if !pi.Packed {
		return pi.Image
	}
	return readable{pi.Image}
}

type readable struct{ v1.Image }

func (r readable) Layers() ([]v1.Layer, error) {
	ls, err := r.Image.Layers()
	if err != nil {
		return nil, err
	}
	out := make([]v1.Layer, len(ls))
	for i, l := range ls {
		out[i] = readableLayer{l}
	}
	return out, nil
}

type readableLayer struct{ v1.Layer }

var (
	gzipMagic = []byte{0x1f, 0x8b}
	zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}
)

// Uncompressed decompresses the layer's stored bytes: gzip, zstd, or
// none (a layer stored as a plain tar).
func (l readableLayer) Uncompressed() (io.ReadCloser, error) {
	rc, err := l.Compressed()
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(rc, 1<<16)
	head, err := br.Peek(4)
	if err != nil && err != io.EOF {
		rc.Close()
		return nil, err
	}
	switch {
	case bytes.HasPrefix(head, gzipMagic):
		z, err := gzip.NewReader(br)
		if err != nil {
			rc.Close()
			return nil, err
		}
		return readCloser{z, func() error { z.Close(); return rc.Close() }}, nil
	case bytes.HasPrefix(head, zstdMagic):
		z, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1))
		if err != nil {
			rc.Close()
			return nil, err
		}
		return readCloser{z, func() error { z.Close(); return rc.Close() }}, nil
	}
	return readCloser{br, rc.Close}, nil
}

type readCloser struct {
	io.Reader
	close func() error
}

func (r readCloser) Close() error { return r.close() }
