package fetch

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestReadRange(t *testing.T) {
	content := bytes.Repeat([]byte("0123456789"), 1000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/no-ranges" {
			_, _ = w.Write(content)
			return
		}
		http.ServeContent(w, r, "f", time.Time{}, bytes.NewReader(content))
	}))
	t.Cleanup(srv.Close)
	c, err := New(t.TempDir(), WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))), WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, tc := range []struct {
		off, n int64
		want   []byte
	}{
		{10, 5, content[10:15]},
		{-1, 7, content[len(content)-7:]},
		{-1, 1 << 20, content}, // more than the file: all of it
	} {
		got, total, err := c.ReadRange(ctx, srv.URL+"/f", tc.off, tc.n)
		if err != nil || !bytes.Equal(got, tc.want) || total != int64(len(content)) {
			t.Errorf("ReadRange(%d, %d) = %d bytes, total %d, %v", tc.off, tc.n, len(got), total, err)
		}
	}
	if _, _, err := c.ReadRange(ctx, srv.URL+"/no-ranges", 0, 10); !errors.Is(err, ErrNoRanges) {
		t.Errorf("a server that ignores Range: %v, want ErrNoRanges", err)
	}
	if _, _, err := c.ReadRange(ctx, srv.URL+"/f", 0, maxRange+1); err == nil {
		t.Error("a range above the bound was read")
	}
}
