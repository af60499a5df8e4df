package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// errStalled is the cause given to a request's context when its response
// sends nothing for c.stall.
var errStalled = errors.New("no data received")

// watchdog cancels a request that makes no progress: no response headers,
// or no body bytes, for its interval. Read kicks it.
type watchdog struct {
	d      time.Duration
	timer  *time.Timer
	ctx    context.Context
	cancel context.CancelCauseFunc
}

// watch returns a context for one request and its watchdog; stop releases
// both once the response is read.
func (c *Client) watch(ctx context.Context) (context.Context, *watchdog) {
	ctx, cancel := context.WithCancelCause(ctx)
	w := &watchdog{d: c.stall, ctx: ctx, cancel: cancel}
	w.timer = time.AfterFunc(c.stall, func() { cancel(errStalled) })
	return ctx, w
}

func (w *watchdog) stop() {
	w.timer.Stop()
	w.cancel(nil)
}

// err turns an error of a request cut by the watchdog into a transient
// error that says so; other errors are returned as they are.
func (w *watchdog) err(s source, err error) error {
	if errors.Is(context.Cause(w.ctx), errStalled) {
		return &transientError{fmt.Errorf("fetching %s: %w for %s", s, errStalled, w.d)}
	}
	return err
}

// body wraps a response body so that every read kicks the watchdog.
func (w *watchdog) body(r io.Reader) io.Reader { return kickReader{r: r, w: w} }

type kickReader struct {
	r io.Reader
	w *watchdog
}

func (k kickReader) Read(p []byte) (int, error) {
	n, err := k.r.Read(p)
	if n > 0 {
		k.w.timer.Reset(k.w.d)
	}
	return n, err
}

// do sends req through c's HTTP client; a failure to get a response is
// transient.
func (c *Client) do(s source, w *watchdog, req *http.Request) (*http.Response, error) {
	resp, err := c.http.Do(req)
	if err != nil {
		if ctxErr := w.err(s, nil); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, networkError(s, err)
	}
	return resp, nil
}
