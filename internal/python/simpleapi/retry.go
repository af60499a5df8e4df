package simpleapi

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pyko-dev/pyko/internal/fetch"
)

// transientError marks a failure worth another attempt: the network, a
// cut body.
type transientError struct{ err error }

func (e *transientError) Error() string { return e.err.Error() }
func (e *transientError) Unwrap() error { return e.err }

// statusError is an error status, with the server's Retry-After.
type statusError struct {
	se         *fetch.StatusError
	retryAfter time.Duration
}

func (e *statusError) Error() string { return e.se.Error() }
func (e *statusError) Unwrap() error { return e.se }

// retry runs attempt until it succeeds, fails in a way that asking again
// cannot fix, or c.retries more attempts have failed: the policy of
// internal/fetch, for pages.
func (c *Client) retry(ctx context.Context, what string, attempt func(context.Context) error) error {
	for i := 0; ; i++ {
		err := attempt(ctx)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("fetching %s: %w", what, context.Cause(ctx))
		}
		wait, ok := c.retryDelay(err, i)
		if !ok {
			return err
		}
		if i >= c.retries {
			return fmt.Errorf("%w (gave up after %d attempts)", err, i+1)
		}
		c.log.Debug("retrying", "url", what, "in", wait.Round(time.Millisecond), "error", err.Error())
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("fetching %s: %w", what, context.Cause(ctx))
		case <-t.C:
		}
	}
}

// retryDelay says whether err is worth another attempt, and after how long.
func (c *Client) retryDelay(err error, attempt int) (time.Duration, bool) {
	var se *statusError
	if errors.As(err, &se) {
		code := se.se.StatusCode
		if code != http.StatusRequestTimeout && code != http.StatusTooManyRequests && code < 500 {
			return 0, false
		}
		if se.retryAfter > 0 {
			return min(se.retryAfter, c.maxRetryAfter), true
		}
		return c.backoff(attempt), true
	}
	var te *transientError
	if errors.As(err, &te) {
		return c.backoff(attempt), true
	}
	return 0, false
}

// backoff doubles from minBackoff up to maxBackoff, drawn from the upper
// half of the interval so that failures together do not retry together.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.maxBackoff
	if attempt < 30 {
		d = min(c.minBackoff<<attempt, c.maxBackoff)
	}
	if half := d / 2; half > 0 {
		d = half + rand.N(half+1)
	}
	return max(d, c.minBackoff)
}

// parseRetryAfter reads Retry-After: seconds or an HTTP date (RFC 9110
// section 10.2.3). Zero means absent or unreadable.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		return time.Duration(min(secs, 24*3600)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
