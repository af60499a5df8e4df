// Package limit guards reads of untrusted archives: a size cap that fails
// loudly instead of ending early, and a stop when the context is done. The
// APK index and package readers read every stream through them, so that a
// gzip bomb or a never-ending body cannot exhaust memory or disk.
package limit

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
	err  error
}

// Reader returns a reader of at most max bytes of r; one byte more is an
// error naming what (such as "APKINDEX's signature stream").
func Reader(r io.Reader, max int64, what string) io.Reader {
	return ReaderErr(r, max, fmt.Errorf("%s is larger than %d bytes: refusing it (a gzip bomb or a broken file?)", what, max))
}

// ReaderErr is Reader with the caller's error for one byte more than max,
// for a caller that knows better what the limit means.
func ReaderErr(r io.Reader, max int64, err error) io.Reader {
	return &capReader{r: r, left: max, err: err}
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		// Probe for one more byte: exactly max bytes is fine.
		var one [1]byte
		n, err := c.r.Read(one[:])
		if n > 0 {
			return 0, c.err
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

// Context returns a reader of r that fails with ctx's error once ctx is
// done.
func Context(ctx context.Context, r io.Reader) io.Reader { return ctxReader{ctx, r} }

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
