// Package silence cuts HTTP exchanges that go silent. A registry or mirror
// that stops answering mid-request would otherwise hang a build forever:
// go-containerregistry's default transport has no response timeout, and an
// overall timeout would cut a large, slow but healthy upload.
//
// The watch is on progress, not on time spent: every byte of the request
// body read for sending, and every byte of the response body read, starts
// the interval again; so does the start of the request.
package silence

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Error is the error of an exchange cut for silence. It is temporary, so
// that go-containerregistry's retries try the request again.
type Error struct {
	URL   string
	After time.Duration
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: no data sent or received for %s; the server stopped answering (PYKO_HTTP_TIMEOUT sets how long to wait)", e.URL, e.After)
}

// Temporary reports true: asking again may get an answer.
func (e *Error) Temporary() bool { return true }

// Transport returns base (http.DefaultTransport if nil) with every exchange
// cut once it has made no progress for d. d <= 0 returns base unchanged.
func Transport(base http.RoundTripper, d time.Duration) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	if d <= 0 {
		return base
	}
	return &transport{base: base, d: d}
}

type transport struct {
	base http.RoundTripper
	d    time.Duration
}

// errSilent is the cause given to the context of a silent exchange.
var errSilent = errors.New("silent")

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithCancelCause(req.Context())
	w := &watch{d: t.d, ctx: ctx, cancel: cancel, url: req.URL.Redacted()}
	w.timer = time.AfterFunc(t.d, func() { cancel(errSilent) })
	out := req.WithContext(ctx)
	if req.Body != nil && req.Body != http.NoBody {
		out.Body = &body{ReadCloser: req.Body, w: w}
	}
	resp, err := t.base.RoundTrip(out)
	if err != nil {
		w.stop()
		return nil, w.err(err)
	}
	w.kick()
	resp.Body = &body{ReadCloser: resp.Body, w: w, closes: true}
	return resp, nil
}

// watch is one exchange's timer.
type watch struct {
	d      time.Duration
	timer  *time.Timer
	ctx    context.Context
	cancel context.CancelCauseFunc
	url    string
}

func (w *watch) kick() { w.timer.Reset(w.d) }

func (w *watch) stop() {
	w.timer.Stop()
	w.cancel(nil)
}

// err names the silence when it is what cut the exchange.
func (w *watch) err(err error) error {
	if err != nil && errors.Is(context.Cause(w.ctx), errSilent) {
		return &Error{URL: w.url, After: w.d}
	}
	return err
}

// body kicks the watch at every read; a response body ends the watch when
// closed.
type body struct {
	io.ReadCloser
	w      *watch
	closes bool
}

func (b *body) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if n > 0 {
		b.w.kick()
	}
	return n, b.w.err(err)
}

func (b *body) Close() error {
	err := b.ReadCloser.Close()
	if b.closes {
		b.w.stop()
	}
	return err
}
