package fetch

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestRetries(t *testing.T) {
	for _, tc := range []struct {
		name         string
		statuses     []int // answers in order; then 200
		retries      int
		wantRequests int
		wantErr      string
	}{
		{"500 then success", []int{500, 500}, 4, 3, ""},
		{"429 then success", []int{429}, 4, 2, ""},
		{"502 503 504", []int{502, 503, 504}, 4, 4, ""},
		{"404 is not retried", []int{404}, 4, 1, "/file: 404 Not Found"},
		{"403 is not retried", []int{403}, 4, 1, "/file: 403 Forbidden"},
		{"retries spent", []int{500, 500, 500}, 2, 3, "/file: 500 Internal Server Error (gave up after 3 attempts)"},
		{"no retries", []int{503}, 0, 1, "/file: 503 Service Unavailable (gave up after 1 attempts)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var n atomic.Int32
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				if i := int(n.Add(1)) - 1; i < len(tc.statuses) {
					w.WriteHeader(tc.statuses[i])
					return
				}
				w.Write([]byte("ok"))
			})
			for _, kind := range []string{"fetch", "revalidate"} {
				n.Store(0)
				before := srv.count()
				c, _ := newTestClient(t, "", WithRetries(tc.retries))
				var err error
				if kind == "fetch" {
					_, err = c.Fetch(context.Background(), Want{URL: srv.URL + "/file", Key: "f"})
				} else {
					_, err = c.Revalidate(context.Background(), srv.URL+"/file")
				}
				if got := srv.count() - before; got != tc.wantRequests {
					t.Errorf("%s: %d requests, want %d", kind, got, tc.wantRequests)
				}
				if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.HasSuffix(err.Error(), tc.wantErr)) {
					t.Errorf("%s: got error %v, want %q", kind, err, tc.wantErr)
				}
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	var n atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Write([]byte("ok"))
	})
	c, _ := newTestClient(t, "")
	start := time.Now()
	if _, err := c.Fetch(context.Background(), Want{URL: srv.URL + "/x", Key: "x"}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < time.Second {
		t.Errorf("retried after %s, want the server's Retry-After of 1s", d)
	}
}

func TestRetryNetworkError(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {})
	url := srv.URL + "/gone"
	srv.Close() // connection refused from now on
	c, _ := newTestClient(t, "", WithRetries(2))
	_, err := c.Fetch(context.Background(), Want{URL: url, Key: "gone"})
	if err == nil || !strings.HasPrefix(err.Error(), "fetching "+url+": ") || !strings.HasSuffix(err.Error(), "(gave up after 3 attempts)") {
		t.Fatalf("got %v", err)
	}
	var te *transientError
	if !errors.As(err, &te) {
		t.Errorf("a refused connection is not marked transient: %v", err)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"0", 0},
		{"-5", 0},
		{"3", 3 * time.Second},
		{" 120 ", 2 * time.Minute},
		{"soon", 0},
		{"Sun, 01 Nov 2026 12:00:30 GMT", 30 * time.Second},
		{"Sun, 01 Nov 2026 11:00:00 GMT", 0}, // in the past
		{"99999999999", 24 * time.Hour},
	} {
		if got := parseRetryAfter(tc.in, now); got != tc.want {
			t.Errorf("parseRetryAfter(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestBackoff(t *testing.T) {
	c := DefaultRetrier(4, nil)
	for attempt, upper := range []time.Duration{250, 500, 1000, 2000, 4000, 8000, 8000, 8000} {
		upper *= time.Millisecond
		for range 50 {
			d := c.backoff(attempt)
			if d < c.MinBackoff || d < upper/2 || d > upper {
				t.Fatalf("backoff(%d) = %s, want within [%s, %s]", attempt, d, max(upper/2, c.MinBackoff), upper)
			}
		}
	}
	if d := c.backoff(100); d > c.MaxBackoff {
		t.Errorf("backoff(100) = %s", d)
	}
}

// FuzzHeaders: the header parsers never panic and stay in range.
func FuzzHeaders(f *testing.F) {
	for _, s := range []string{"3", "Sun, 01 Nov 2026 12:00:30 GMT", "bytes 100-199/200", "bytes -1-/", ""} {
		f.Add(s)
	}
	now := time.Now()
	f.Fuzz(func(t *testing.T, v string) {
		if d := parseRetryAfter(v, now); d < 0 {
			t.Fatalf("parseRetryAfter(%q) = %s", v, d)
		}
		resp := &http.Response{Header: http.Header{"Content-Range": {v}}}
		if n := rangeStart(resp); n < -1 {
			t.Fatalf("rangeStart(%q) = %d", v, n)
		}
	})
}
