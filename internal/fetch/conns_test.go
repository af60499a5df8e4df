package fetch

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestConnectionsPerHost: however many downloads run at once, one host
// sees at most MaxConnsPerHost connections.
func TestConnectionsPerHost(t *testing.T) {
	var open, most atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond)
		fmt.Fprint(w, r.URL.Path)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		switch s {
		case http.StateNew:
			n := open.Add(1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
		case http.StateClosed, http.StateHijacked:
			open.Add(-1)
		}
	}
	srv.Start()
	defer srv.Close()
	c, err := New(t.TempDir(), WithJobs(32))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for batch := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var ws []Want
			for i := range 32 {
				ws = append(ws, Want{URL: fmt.Sprintf("%s/%d/%d", srv.URL, batch, i), Key: fmt.Sprintf("sha256/%d-%d", batch, i)})
			}
			if _, err := c.FetchAll(context.Background(), ws); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if m := most.Load(); m > MaxConnsPerHost || m < 2 {
		t.Errorf("the server saw %d connections at once, want 2..%d", m, MaxConnsPerHost)
	}
}
