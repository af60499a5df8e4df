package expand

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"

	"github.com/pyko-dev/pyko/internal/apk/limit"
)

// errEmpty means the input ended where a gzip stream should start.
var errEmpty = errors.New("no gzip stream")

// rawTee passes bytes from br to gzip and keeps a copy of each one gzip
// consumed. Being an io.ByteReader, it keeps gzip (and flate) from reading
// ahead, so the copy ends exactly at the end of the gzip stream.
type rawTee struct {
	br  *bufio.Reader
	raw bytes.Buffer
	max int64
}

var errRawTooLarge = errors.New("raw stream too large")

func (t *rawTee) ReadByte() (byte, error) {
	if int64(t.raw.Len()) >= t.max {
		return 0, errRawTooLarge
	}
	b, err := t.br.ReadByte()
	if err == nil {
		t.raw.WriteByte(b)
	}
	return b, err
}

func (t *rawTee) Read(p []byte) (int, error) {
	left := t.max - int64(t.raw.Len())
	if left <= 0 {
		return 0, errRawTooLarge
	}
	if int64(len(p)) > left {
		p = p[:left]
	}
	n, err := t.br.Read(p)
	t.raw.Write(p[:n])
	return n, err
}

// readStream reads one gzip stream from br and returns its raw bytes and
// its decompressed content, both at most max bytes long.
func readStream(br *bufio.Reader, max int64, what string) (raw, body []byte, err error) {
	if _, err := br.Peek(1); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil, errEmpty
		}
		return nil, nil, err
	}
	tee := &rawTee{br: br, max: max}
	zr, err := gzip.NewReader(tee)
	if err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", what, tooLarge(err, what, max))
	}
	zr.Multistream(false)
	body, err = io.ReadAll(limit.Reader(zr, max, what))
	if err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", what, tooLarge(err, what, max))
	}
	return tee.raw.Bytes(), body, nil
}

func tooLarge(err error, what string, max int64) error {
	if errors.Is(err, errRawTooLarge) {
		return fmt.Errorf("%s is larger than %d bytes compressed", what, max)
	}
	return err
}
