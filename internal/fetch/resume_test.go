package fetch

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

// resumable serves body with a strong ETag and Range support, cutting the
// first cuts responses halfway.
type resumable struct {
	body []byte
	etag atomic.Value // string
	cuts atomic.Int32
}

func (s *resumable) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("ETag", s.etag.Load().(string))
	w.Header().Set("Content-Type", "application/octet-stream")
	if s.cuts.Add(-1) >= 0 {
		w.Header().Set("Accept-Ranges", "bytes")
		cut(w, s.body, len(s.body)/2)
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(s.body))
}

func TestResume(t *testing.T) {
	body := payload(200000, 5)
	for _, tc := range []struct {
		name        string
		retries     int    // of the first run; 0 leaves a parked partial for a second run
		newETag     string // the server's ETag for the second run, if it changed
		wantRange   bool   // the last request asks for the second half
		wantRequest int
	}{
		{"within one run", 2, "", true, 2},
		{"next run", 0, "", true, 2},
		{"next run, file changed", 0, `"v2"`, true, 2}, // If-Range fails: the server sends all
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &resumable{body: body}
			s.etag.Store(`"v1"`)
			s.cuts.Store(1)
			srv := newServer(t, s.ServeHTTP)
			dir := t.TempDir()
			w := Want{URL: srv.URL + "/pkg.apk", Key: "apk/pkg", SHA256: sha(body), Size: int64(len(body))}
			c, _ := newTestClient(t, dir, WithRetries(tc.retries))
			_, err := c.Fetch(context.Background(), w)
			if tc.retries == 0 {
				if err == nil {
					t.Fatal("a cut download succeeded")
				}
				if f := files(t, filepath.Join(dir, "tmp")); len(f) != 2 {
					t.Fatalf("tmp holds %v, want a parked partial file and its metadata", f)
				}
				if tc.newETag != "" {
					s.etag.Store(tc.newETag)
				}
				c, _ = newTestClient(t, dir, WithRetries(0))
				_, err = c.Fetch(context.Background(), w)
			}
			if err != nil {
				t.Fatal(err)
			}
			last := srv.header(srv.count() - 1)
			if want := fmt.Sprintf("bytes=%d-", len(body)/2); (last.Get("Range") == want) != tc.wantRange || last.Get("If-Range") != `"v1"` {
				t.Errorf("last request: Range %q If-Range %q; want Range %q and If-Range \"v1\"", last.Get("Range"), last.Get("If-Range"), want)
			}
			if srv.count() != tc.wantRequest {
				t.Errorf("%d requests, want %d", srv.count(), tc.wantRequest)
			}
			if f := files(t, filepath.Join(dir, "tmp")); len(f) != 0 {
				t.Errorf("tmp holds %v after the download", f)
			}
		})
	}
}

func TestNoResumeWithoutRanges(t *testing.T) {
	var n atomic.Int32
	body := payload(50000, 6)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"x"`) // but no Accept-Ranges
		if n.Add(1) == 1 {
			cut(w, body, 1000)
		}
		w.Write(body)
	})
	c, _ := newTestClient(t, "", WithRetries(1))
	p, err := c.Fetch(context.Background(), Want{URL: srv.URL + "/f", Key: "f", SHA256: sha(body)})
	if err != nil {
		t.Fatal(err)
	}
	if srv.header(1).Get("Range") != "" {
		t.Error("asked for a range from a server that does not take them")
	}
	if !bytes.Equal(readFile(t, p), body) {
		t.Error("wrong content")
	}
}
