package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// ErrNoRanges: the server does not answer byte-range requests (it sent
// the whole file, 200, to a Range request). Fetch the whole file instead.
var ErrNoRanges = errors.New("the server does not serve byte ranges")

// maxRange bounds one ReadRange: it is for reading a part of a file (a
// wheel's central directory, its METADATA), not for downloading it.
const maxRange = 16 << 20

// ReadRange reads n bytes of rawURL from offset off with one HTTP Range
// request, retried like any other, and returns them with the file's total
// size. A negative off reads the last n bytes ("bytes=-n"). Nothing is
// cached and nothing is verified here: the bytes are as trustworthy as
// the index page that gave the URL, and the caller must not install them
// (a resolver reads a wheel's METADATA this way, as pip and uv do; the
// wheel itself is downloaded whole and checked against its hash).
func (c *Client) ReadRange(ctx context.Context, rawURL string, off, n int64) ([]byte, int64, error) {
	src, err := parseSource(rawURL)
	if err != nil {
		return nil, 0, err
	}
	if src.local() {
		return nil, 0, fmt.Errorf("reading a range of %s: not an HTTP URL", src)
	}
	if c.offline {
		return nil, 0, &OfflineError{URL: src.String()}
	}
	if n <= 0 || n > maxRange {
		return nil, 0, fmt.Errorf("reading a range of %s: %d bytes asked, at most %d", src, n, maxRange)
	}
	spec := fmt.Sprintf("bytes=%d-%d", off, off+n-1)
	if off < 0 {
		spec = fmt.Sprintf("bytes=-%d", n)
	}
	var data []byte
	var total int64
	err = c.retrier.Do(ctx, src.String(), func(ctx context.Context) error {
		data, total, err = c.rangeOnce(ctx, src, spec, n)
		return err
	})
	return data, total, err
}

func (c *Client) rangeOnce(ctx context.Context, src source, spec string, n int64) ([]byte, int64, error) {
	ctx, wd := c.watch(ctx)
	defer wd.stop()
	req, err := src.newRequest(ctx)
	if err != nil {
		return nil, 0, err
	}
	req.Header.Set("Range", spec)
	resp, err := c.do(src, wd, req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusPartialContent:
	case http.StatusOK:
		return nil, 0, fmt.Errorf("reading %s: %w", src, ErrNoRanges)
	default:
		return nil, 0, statusError(src, resp)
	}
	total, ok := contentRangeTotal(resp.Header.Get("Content-Range"))
	if !ok {
		return nil, 0, fmt.Errorf("reading %s: %w (a 206 without a usable Content-Range %q)", src, ErrNoRanges, resp.Header.Get("Content-Range"))
	}
	data, err := io.ReadAll(io.LimitReader(wd.body(resp.Body), n+1))
	if err != nil {
		return nil, 0, wd.err(src, &transientError{fmt.Errorf("fetching %s: %w", src, err)})
	}
	if int64(len(data)) > n {
		return nil, 0, fmt.Errorf("reading %s: the server sent more than the %d bytes asked", src, n)
	}
	return data, total, nil
}

// contentRangeTotal reads the complete length of "bytes a-b/total".
func contentRangeTotal(v string) (int64, bool) {
	_, total, ok := strings.Cut(v, "/")
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(total, 10, 64)
	return n, err == nil && n >= 0
}
