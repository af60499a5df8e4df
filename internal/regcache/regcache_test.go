package regcache

import (
	"context"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/registry"

	"github.com/pyko-dev/pyko/internal/layer"
)

func newLayer(t *testing.T, content string, c layer.Compression) *layer.Layer {
	t.Helper()
	e := layer.Entry{Path: "f", Mode: 0o644, Size: int64(len(content)),
		Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(content)), nil }}
	l, err := layer.New(context.Background(), []layer.Entry{e}, layer.WithTempDir(t.TempDir()), layer.WithCompression(c))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestRoundTrip(t *testing.T) {
	srv := httptest.NewServer(registry.New())
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	r, err := New(host+"/cache", Options{Insecure: []string{host}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, _, ok, err := r.Get(ctx, "k1", t.TempDir()); ok || err != nil {
		t.Fatalf("an empty repository: ok %v, err %v", ok, err)
	}
	ls := []*layer.Layer{newLayer(t, "a", layer.Gzip), newLayer(t, "b", layer.Zstd)}
	if err := r.Put(ctx, "k1", ls, []byte(`{"n":1}`)); err != nil {
		t.Fatal(err)
	}
	got, rec, ok, err := r.Get(ctx, "k1", t.TempDir())
	if err != nil || !ok || string(rec) != `{"n":1}` || len(got) != 2 {
		t.Fatalf("got %d layers, record %q, ok %v, err %v", len(got), rec, ok, err)
	}
	for i := range ls {
		wd, _ := ls[i].Digest()
		gd, _ := got[i].Digest()
		wi, _ := ls[i].DiffID()
		gi, _ := got[i].DiffID()
		if wd != gd || wi != gi || got[i].Compression() != ls[i].Compression() {
			t.Errorf("layer %d: %s %s %s, want %s %s %s", i, gd, gi, got[i].Compression(), wd, wi, ls[i].Compression())
		}
	}
	if _, err := New(host+"/cache:tag", Options{}); err == nil {
		t.Error("a reference with a tag: no error")
	}
}
