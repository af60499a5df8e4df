package index

import (
	"context"
	"fmt"
	"io"
)

// capReader reads at most max bytes from r and then fails with an error
// naming what was being read and the guard, rather than io.EOF: a short
// read must never look like a complete file.
type capReader struct {
	r    io.Reader
	left int64
	what string
	max  int64
}

func newCapReader(r io.Reader, max int64, what string) *capReader {
	return &capReader{r: r, left: max, what: what, max: max}
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		// Probe for one more byte: exactly max bytes is fine.
		var one [1]byte
		n, err := c.r.Read(one[:])
		if n > 0 {
			return 0, fmt.Errorf("%s is larger than %d bytes: refusing it (a gzip bomb or a broken file?)", c.what, c.max)
		}
		return 0, err
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// ctxReader stops reading once ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
