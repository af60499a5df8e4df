package silence

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestCutsSilence: a server that stalls before its headers, or mid-body, is
// cut after d with an *Error; one that keeps sending slowly is not.
func TestCutsSilence(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/headers":
			<-release
		case "/body":
			w.Header().Set("Content-Length", "10")
			_, _ = w.Write([]byte("12345"))
			http.NewResponseController(w).Flush()
			<-release
		case "/slow":
			for range 6 {
				_, _ = w.Write([]byte("x"))
				http.NewResponseController(w).Flush()
				time.Sleep(60 * time.Millisecond)
			}
		case "/upload":
			b, _ := io.ReadAll(r.Body)
			_, _ = w.Write(b)
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	c := &http.Client{Transport: Transport(nil, 200*time.Millisecond)}
	for _, tc := range []struct {
		path    string
		silence bool
	}{
		{"/headers", true},
		{"/body", true},
		{"/slow", false},
	} {
		t.Run(strings.TrimPrefix(tc.path, "/"), func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			resp, err := c.Get(srv.URL + tc.path)
			if err == nil {
				_, err = io.ReadAll(resp.Body)
				resp.Body.Close()
			}
			var se *Error
			if got := errors.As(err, &se); got != tc.silence {
				t.Fatalf("error %v; want an *Error: %v", err, tc.silence)
			}
			if tc.silence && time.Since(start) > 5*time.Second {
				t.Errorf("cut after %v, want about 200ms", time.Since(start))
			}
		})
	}
	t.Run("slow upload", func(t *testing.T) {
		t.Parallel()
		pr, pw := io.Pipe()
		go func() {
			for range 6 {
				_, _ = pw.Write([]byte("y"))
				time.Sleep(60 * time.Millisecond)
			}
			pw.Close()
		}()
		resp, err := c.Post(srv.URL+"/upload", "text/plain", pr)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if b, err := io.ReadAll(resp.Body); err != nil || string(b) != "yyyyyy" {
			t.Errorf("upload echoed %q, %v", b, err)
		}
	})
}

func TestNoTimeoutKeepsBase(t *testing.T) {
	t.Parallel()
	if got := Transport(http.DefaultTransport, 0); got != http.DefaultTransport {
		t.Errorf("Transport(base, 0) = %T, want base", got)
	}
}
