package faultproxy

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

const payload = "0123456789abcdefghijklmnopqrstuvwxyz"

func upstream(t *testing.T) string {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Upstream", r.Host)
		_, _ = io.WriteString(w, payload)
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

// get fetches url with a fresh connection and returns the status, the
// body read and the read error.
func get(t *testing.T, url string) (int, string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := c.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

func TestFaults(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		fault    Fault
		code     int
		body     string
		wantErr  bool
		wantHost bool
	}{
		{fault: Fault{Kind: Status, Code: 503, Header: http.Header{"Retry-After": {"1"}}}, code: 503, body: "Service Unavailable\n"},
		{fault: Fault{Kind: Drop}, code: 200, body: payload[:18], wantErr: true},
		{fault: Fault{Kind: LongLength}, code: 200, body: payload, wantErr: true},
		{fault: Fault{Kind: ShortLength}, code: 200, body: payload[:18]},
		{fault: Fault{Kind: Corrupt}, code: 200, body: payload[:18] + string(rune(payload[18]^0x55)) + payload[19:]},
		{fault: Fault{Kind: Stall}, code: 200, body: payload[:18], wantErr: true},
		{fault: Fault{Kind: Reset}, wantErr: true},
		{fault: Fault{Kind: Hang}, wantErr: true},
	} {
		t.Run(tc.fault.String(), func(t *testing.T) {
			t.Parallel()
			p := New(t, upstream(t))
			r := p.Inject(http.MethodGet, `^/file$`, Fault{Kind: tc.fault.Kind, Code: tc.fault.Code, Header: tc.fault.Header, Times: 1})
			code, body, err := get(t, p.URL+"/file")
			if (err != nil) != tc.wantErr || code != tc.code || body != tc.body {
				t.Errorf("first GET: %d %q %v; want %d %q, error %v", code, body, err, tc.code, tc.body, tc.wantErr)
			}
			if r.Hits() != 1 {
				t.Errorf("Hits() = %d, want 1", r.Hits())
			}
			select {
			case <-r.Hit():
			default:
				t.Error("Hit() is not closed after the fault")
			}
			if code, body, err := get(t, p.URL+"/file"); err != nil || code != 200 || body != payload {
				t.Errorf("second GET (Times: 1 spent): %d %q %v", code, body, err)
			}
			if n := p.Requests(http.MethodGet, `^/file$`); n != 2 {
				t.Errorf("Requests = %d, want 2", n)
			}
		})
	}
}

func TestPassesHostAndOtherPaths(t *testing.T) {
	t.Parallel()
	p := New(t, upstream(t))
	p.Inject("", `^/bad$`, Fault{Kind: Status, Code: 500})
	resp, err := http.Get(p.URL + "/good")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("X-Upstream"); got != p.Host {
		t.Errorf("upstream saw Host %q, want the proxy's %q", got, p.Host)
	}
	p.Clear()
	if code, _, err := get(t, p.URL+"/bad"); err != nil || code != 200 {
		t.Errorf("after Clear: %d %v", code, err)
	}
}

func TestStallIsReleasedWhenTheClientGoes(t *testing.T) {
	t.Parallel()
	p := New(t, upstream(t))
	p.Inject("", "", Fault{Kind: Stall})
	_, _, err := get(t, p.URL+"/x")
	if !errors.Is(err, context.DeadlineExceeded) && !strings.Contains(err.Error(), "deadline") {
		t.Errorf("stalled GET ended with %v, want the client's deadline", err)
	}
}
