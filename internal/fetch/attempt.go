package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// errCut: the body ended before its Content-Length.
var errCut = errors.New("the response was cut short")

// attempt is one GET of a content-addressed download. It resumes from d.n
// when the bytes so far carry a strong ETag: "Range: bytes=n-" with
// "If-Range: <etag>", so a server whose file changed sends it whole (200).
func (d *download) attempt(ctx context.Context) error {
	if err := d.rewind(); err != nil {
		return err
	}
	resuming := d.n > 0 && d.etag != ""
	if d.n > 0 && !resuming {
		if err := d.reset(); err != nil {
			return err
		}
	}
	ctx, wd := d.c.watch(ctx)
	defer wd.stop()
	req, err := d.src.newRequest(ctx)
	if err != nil {
		return err
	}
	if resuming {
		req.Header.Set("Range", "bytes="+strconv.FormatInt(d.n, 10)+"-")
		req.Header.Set("If-Range", d.etag)
	}
	resp, err := d.c.do(d.src, wd, req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusPartialContent && resuming && rangeStart(resp) == d.n:
		d.c.log.Debug("resuming download", "url", d.src.String(), "from", d.n)
	case resp.StatusCode == http.StatusOK:
		if err := d.reset(); err != nil {
			return err
		}
	case resp.StatusCode == http.StatusPartialContent || resp.StatusCode == http.StatusRequestedRangeNotSatisfiable && resuming:
		// A range we did not ask for, or the server no longer has it:
		// start again from zero.
		if err := d.reset(); err != nil {
			return err
		}
		return &transientError{fmt.Errorf("fetching %s: the server could not resume the download (%s); starting again", d.src, resp.Status)}
	default:
		return statusError(d.src, resp)
	}
	if isHTML(resp) {
		return &StatusError{URL: d.src.String(), StatusCode: resp.StatusCode, Status: resp.Status, HTML: true}
	}
	d.total = -1
	if resp.ContentLength >= 0 {
		d.total = d.n + resp.ContentLength
		if d.w.Size > 0 && d.total != d.w.Size {
			// Transient: a mirror caught mid-sync or a proxy that cuts
			// the body declares the wrong size for a while.
			return &transientError{fmt.Errorf("fetching %s: the server's file has %d bytes, want %d", d.src, d.total, d.w.Size)}
		}
	}
	if etag := resumeETag(resp); etag != "" || resp.StatusCode == http.StatusOK {
		d.etag = etag
	}
	d.c.emit(Event{Kind: EventStart, URL: d.src.String(), Key: d.w.Key, Bytes: d.n, Total: d.total})
	before := d.n
	if _, err := d.copyFrom(wd, resp); err != nil {
		return err
	}
	if resp.ContentLength >= 0 && d.n-before != resp.ContentLength {
		return &transientError{fmt.Errorf("fetching %s: %w at %d of %d bytes", d.src, errCut, d.n-before, resp.ContentLength)}
	}
	return nil
}

// resumeETag is the response's ETag if a later request may resume from it:
// the server takes byte ranges and the ETag is strong (RFC 9110 13.1.5:
// If-Range needs a strong validator).
func resumeETag(resp *http.Response) string {
	etag := resp.Header.Get("ETag")
	if !strings.Contains(resp.Header.Get("Accept-Ranges"), "bytes") || etag == "" || strings.HasPrefix(etag, "W/") {
		return ""
	}
	return etag
}

// rangeStart reads the first byte position of a 206's Content-Range
// ("bytes 100-199/200"), or -1.
func rangeStart(resp *http.Response) int64 {
	cr, ok := strings.CutPrefix(resp.Header.Get("Content-Range"), "bytes ")
	if !ok {
		return -1
	}
	first, _, ok := strings.Cut(cr, "-")
	if !ok {
		return -1
	}
	n, err := strconv.ParseInt(first, 10, 64)
	if err != nil {
		return -1
	}
	return n
}
