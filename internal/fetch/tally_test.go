package fetch

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestTallyCountsDownloadsAndHits(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("hello")) }))
	defer srv.Close()
	var tally Tally
	c, err := New(t.TempDir(), WithProgress(tally.Add))
	if err != nil {
		t.Fatal(err)
	}
	want := Want{URL: srv.URL + "/a", Key: "files/a"}
	for range 2 {
		if _, err := c.FetchAll(context.Background(), []Want{want}); err != nil {
			t.Fatal(err)
		}
	}
	if fetched, bytes, cached := tally.Counts(); fetched != 1 || bytes != 5 || cached != 1 {
		t.Errorf("Counts() = %d, %d, %d; want 1 download of 5 bytes and 1 cache hit", fetched, bytes, cached)
	}
}
