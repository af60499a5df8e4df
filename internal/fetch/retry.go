package fetch

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// retry runs attempt until it succeeds, fails in a way that asking again
// cannot fix, or c.retries more attempts have failed.
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
	var se *StatusError
	if errors.As(err, &se) {
		if !se.retryable() {
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

// backoff doubles from minBackoff up to maxBackoff, with jitter so that
// parallel downloads failing together do not come back together: the wait
// is drawn from the upper half of the doubled interval.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.maxBackoff
	if attempt < 30 {
		d = min(c.minBackoff<<attempt, c.maxBackoff)
	}
	half := d / 2
	if half > 0 {
		d = half + rand.N(half+1)
	}
	return max(d, c.minBackoff)
}

// parseRetryAfter reads Retry-After: delay-seconds or an HTTP date
// (RFC 9110 section 10.2.3). Zero means absent or unreadable.
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
