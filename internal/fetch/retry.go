package fetch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Retrier is pyko's retry policy for HTTP, used by every request of a
// Client and its HTTPCaches: network errors, cut bodies, 408, 429 and 5xx
// are tried again, with exponential backoff and jitter, honouring
// Retry-After.
type Retrier struct {
	// Retries is how many more attempts follow a failed one.
	Retries int
	// MinBackoff and MaxBackoff bound the wait between attempts;
	// MaxRetryAfter caps how long a server's Retry-After is honoured.
	MinBackoff, MaxBackoff, MaxRetryAfter time.Duration
	Log                                   *slog.Logger
}

// DefaultRetrier waits 250 ms, then twice as long each time up to 8 s, and
// honours Retry-After up to a minute.
func DefaultRetrier(retries int, log *slog.Logger) Retrier {
	return Retrier{Retries: retries, MinBackoff: 250 * time.Millisecond, MaxBackoff: 8 * time.Second,
		MaxRetryAfter: time.Minute, Log: log}
}

// Do runs attempt until it succeeds, fails in a way that asking again
// cannot fix, or r.Retries more attempts have failed. what names the
// resource in errors and logs.
func (r Retrier) Do(ctx context.Context, what string, attempt func(context.Context) error) error {
	for i := 0; ; i++ {
		err := attempt(ctx)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("fetching %s: %w", what, context.Cause(ctx))
		}
		wait, ok := r.delay(err, i)
		if !ok {
			return err
		}
		if i >= r.Retries {
			return fmt.Errorf("%w (gave up after %d attempts)", err, i+1)
		}
		r.Log.Debug("retrying", "url", what, "in", wait.Round(time.Millisecond), "error", err.Error())
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("fetching %s: %w", what, context.Cause(ctx))
		case <-t.C:
		}
	}
}

// Retryable says whether err is worth another attempt.
func Retryable(err error) bool {
	_, ok := Retrier{}.delay(err, 0)
	return ok
}

// delay says whether err is worth another attempt, and after how long.
func (r Retrier) delay(err error, attempt int) (time.Duration, bool) {
	var se *StatusError
	if errors.As(err, &se) {
		if !se.retryable() {
			return 0, false
		}
		if se.retryAfter > 0 {
			return min(se.retryAfter, r.MaxRetryAfter), true
		}
		return r.backoff(attempt), true
	}
	var te *transientError
	if errors.As(err, &te) {
		return r.backoff(attempt), true
	}
	return 0, false
}

// backoff doubles from MinBackoff up to MaxBackoff, with jitter so that
// parallel requests failing together do not come back together: the wait
// is drawn from the upper half of the doubled interval.
func (r Retrier) backoff(attempt int) time.Duration {
	d := r.MaxBackoff
	if attempt < 30 {
		d = min(r.MinBackoff<<attempt, r.MaxBackoff)
	}
	if half := d / 2; half > 0 {
		d = half + rand.N(half+1)
	}
	return max(d, r.MinBackoff)
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
