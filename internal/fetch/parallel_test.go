package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestFetchAllBounded(t *testing.T) {
	var cur, peak atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		n := cur.Add(1)
		defer cur.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(15 * time.Millisecond)
		var seed int
		fmt.Sscanf(r.URL.Path, "/%d", &seed)
		w.Write(payload(1000+seed, byte(seed)))
	})
	const jobs = 3
	c, _ := newTestClient(t, "", WithJobs(jobs))
	var ws []Want
	for i := range 12 {
		ws = append(ws, Want{URL: fmt.Sprintf("%s/%d", srv.URL, i), Key: fmt.Sprintf("blob/%d", i), Size: int64(1000 + i)})
	}
	paths, err := c.FetchAll(context.Background(), ws)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range paths {
		if !bytes.Equal(readFile(t, p), payload(1000+i, byte(i))) {
			t.Errorf("paths[%d] = %s holds another file", i, p)
		}
	}
	if p := peak.Load(); p > jobs || p < 2 {
		t.Errorf("peak concurrency %d, want 2..%d", p, jobs)
	}
}

func TestFetchAllFirstErrorCancels(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/bad" {
			http.NotFound(w, r)
			return
		}
		<-r.Context().Done() // the others hang until cancelled
	})
	c, _ := newTestClient(t, "", WithJobs(4))
	ws := []Want{{URL: srv.URL + "/slow1", Key: "a"}, {URL: srv.URL + "/bad", Key: "b"}, {URL: srv.URL + "/slow2", Key: "c"}}
	start := time.Now()
	_, err := c.FetchAll(context.Background(), ws)
	if err == nil || !strings.Contains(err.Error(), "/bad: 404 Not Found") {
		t.Fatalf("got %v, want the 404", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("FetchAll took %s: the others were not cancelled", d)
	}
}

func TestFetchCancel(t *testing.T) {
	started := make(chan struct{})
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000000")
		w.Write(make([]byte, 1000))
		w.(http.Flusher).Flush()
		close(started)
		<-r.Context().Done()
	})
	c, _ := newTestClient(t, "")
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-started; cancel() }()
	_, err := c.Fetch(ctx, Want{URL: srv.URL + "/big", Key: "big"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if f := files(t, c.Dir()); len(f) != 0 {
		t.Errorf("cache holds %v after a cancelled fetch of a non-resumable file", f)
	}
}

func TestFetchStalled(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "2000")
		w.Write(make([]byte, 1000))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	c, _ := newTestClient(t, "", WithRetries(1))
	c.stall = 50 * time.Millisecond
	_, err := c.Fetch(context.Background(), Want{URL: srv.URL + "/stall", Key: "stall"})
	if err == nil || !strings.Contains(err.Error(), "no data received for 50ms") || srv.count() != 2 {
		t.Fatalf("got %v after %d requests, want a stall error after 2", err, srv.count())
	}
}

// TestStreaming: a download is streamed to disk, never held in memory.
func TestStreaming(t *testing.T) {
	const size = 64 << 20
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(size))
		io.Copy(w, io.LimitReader(zeros{}, size))
	})
	c, _ := newTestClient(t, "")
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	p, err := c.Fetch(context.Background(), Want{URL: srv.URL + "/big", Key: "big", Size: size})
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	t.Logf("allocated %d KiB", (after.TotalAlloc-before.TotalAlloc)>>10)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > size/4 {
		t.Errorf("a %d MiB download allocated %d MiB", size>>20, alloc>>20)
	}
	if info, err := os.Stat(p); err != nil || info.Size() != size {
		t.Errorf("cached file: %v, %v", info, err)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
