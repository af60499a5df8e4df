package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pyko-dev/pyko/internal/atomicfile"
)

// versioned serves body with an ETag and/or a Last-Modified date, which the
// test can change; http.ServeContent answers conditional requests.
type versioned struct {
	body     atomic.Pointer[[]byte]
	version  atomic.Int64
	etag     bool
	modified bool
}

func (v *versioned) set(b []byte) { v.body.Store(&b); v.version.Add(1) }

func (v *versioned) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := v.version.Load()
	if v.etag {
		w.Header().Set("ETag", fmt.Sprintf(`"v%d"`, n))
	}
	var mod time.Time
	if v.modified {
		mod = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Hour)
	}
	w.Header().Set("Content-Type", "application/gzip")
	http.ServeContent(w, r, "APKINDEX.tar.gz", mod, bytes.NewReader(*v.body.Load()))
}

func TestRevalidate(t *testing.T) {
	for _, tc := range []struct {
		name          string
		etag, lastMod bool
		wantCondition string // the header the second request must carry
		wantSecond    int    // status of the second request's answer
	}{
		{"etag", true, false, "If-None-Match", http.StatusNotModified},
		{"last-modified", false, true, "If-Modified-Since", http.StatusNotModified},
		{"both", true, true, "If-None-Match", http.StatusNotModified},
		{"no validators", false, false, "", http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := &versioned{etag: tc.etag, modified: tc.lastMod}
			v.set(payload(5000, 1))
			var mu sync.Mutex
			var statuses []int
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				v.ServeHTTP(&statusRecorder{ResponseWriter: w, record: func(code int) {
					mu.Lock()
					statuses = append(statuses, code)
					mu.Unlock()
				}}, r)
			})
			dir := t.TempDir()
			c, _ := newTestClient(t, dir)
			ctx := context.Background()
			url := srv.URL + "/os/x86_64/APKINDEX.tar.gz"

			p1, err := c.Revalidate(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			if got := readFile(t, p1); !bytes.Equal(got, *v.body.Load()) {
				t.Fatal("first copy differs from the served file")
			}
			p2, err := c.Revalidate(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			second := statuses[1]
			mu.Unlock()
			if p2 != p1 || srv.count() != 2 || second != tc.wantSecond {
				t.Fatalf("second call: path %s (first %s), %d requests, statuses %v; want status %d", p2, p1, srv.count(), statuses, tc.wantSecond)
			}
			if tc.wantCondition != "" && srv.header(1).Get(tc.wantCondition) == "" {
				t.Errorf("second request has no %s header: %v", tc.wantCondition, srv.header(1))
			}

			// A new version on the server replaces the copy.
			v.set(payload(6000, 2))
			p3, err := c.Revalidate(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			if got := readFile(t, p3); !bytes.Equal(got, *v.body.Load()) {
				t.Fatal("copy not updated after the server's file changed")
			}

			// Offline, the last copy serves without any request.
			off, _ := newTestClient(t, dir, WithOffline(true))
			before := srv.count()
			p4, err := off.Revalidate(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			if got := readFile(t, p4); !bytes.Equal(got, *v.body.Load()) || srv.count() != before {
				t.Fatalf("offline: wrong copy or %d new requests", srv.count()-before)
			}
		})
	}
}

// statusRecorder reports the status of a response before it is sent.
type statusRecorder struct {
	http.ResponseWriter
	record func(int)
	done   bool
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.done {
		r.done = true
		r.record(code)
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if !r.done {
		r.WriteHeader(http.StatusOK)
	}
	return r.ResponseWriter.Write(b)
}

func TestRevalidateOfflineMiss(t *testing.T) {
	c, _ := newTestClient(t, "", WithOffline(true))
	_, err := c.Revalidate(context.Background(), "https://user:secret@example.invalid/os/x86_64/APKINDEX.tar.gz")
	var oe *OfflineError
	if !errors.As(err, &oe) {
		t.Fatalf("got %v, want an *OfflineError", err)
	}
	want := "fetching https://example.invalid/os/x86_64/APKINDEX.tar.gz: not in the cache; run once without --offline"
	if err.Error() != want {
		t.Errorf("got %q\nwant %q", err, want)
	}
}

func TestRevalidateLocal(t *testing.T) {
	dir := t.TempDir()
	c, _ := newTestClient(t, "")
	path := dir + "/key.rsa.pub"
	if err := atomicfile.WriteFile(path, []byte("key"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, url := range []string{path, "file://" + path} {
		got, err := c.Revalidate(context.Background(), url)
		if err != nil || got != path {
			t.Errorf("Revalidate(%s) = %s, %v; want the path itself", url, got, err)
		}
	}
	if _, err := c.Revalidate(context.Background(), dir+"/missing.pub"); err == nil || !strings.Contains(err.Error(), "missing.pub") {
		t.Errorf("missing file: got %v, want an error naming it", err)
	}
}

func TestRevalidateTruncated(t *testing.T) {
	body := payload(10000, 3)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		cut(w, body, len(body)/2)
	})
	c, _ := newTestClient(t, "", WithRetries(2))
	_, err := c.Revalidate(context.Background(), srv.URL+"/APKINDEX.tar.gz")
	if err == nil || !strings.Contains(err.Error(), "gave up after 3 attempts") {
		t.Fatalf("got %v, want a failure after 3 attempts", err)
	}
	if srv.count() != 3 {
		t.Errorf("%d requests, want 3", srv.count())
	}
	if f := files(t, c.Dir()); len(f) != 0 {
		t.Errorf("cache holds %v after a cut download", f)
	}
}

// cut sends the headers for all of body but only its first n bytes, then
// breaks the connection.
func cut(w http.ResponseWriter, body []byte, n int) {
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(http.StatusOK)
	w.Write(body[:n])
	w.(http.Flusher).Flush()
	panic(http.ErrAbortHandler)
}
