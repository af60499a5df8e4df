package image

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"testing"

	"github.com/google/go-containerregistry/pkg/compression"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// TestReadable: the layers of a base read from an OCI layout through
// Readable give the bytes go-containerregistry gives, whether stored
// gzip, zstd or plain; a docker-archive's image is read as it is.
func TestReadable(t *testing.T) {
	plain := tarBytes(t, "a", "gzip me")
	opener := func(b []byte) tarball.Opener {
		return func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	}
	gz, err := tarball.LayerFromOpener(opener(plain))
	if err != nil {
		t.Fatal(err)
	}
	zs, err := tarball.LayerFromOpener(opener(tarBytes(t, "b", "zstd me")), tarball.WithCompression(compression.ZStd))
	if err != nil {
		t.Fatal(err)
	}
	raw := static.NewLayer(tarBytes(t, "c", "leave me"), types.OCIUncompressedLayer)
	img, err := mutate.AppendLayers(empty.Image, gz, zs, raw)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "layout")
	if _, err := layout.Write(dir, mutate.AppendManifests(empty.Index, mutate.IndexAddendum{Add: img})); err != nil {
		t.Fatal(err)
	}
	b, err := LoadBase(context.Background(), "oci:"+dir, BaseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pis, err := b.Platforms(nil)
	if err != nil || len(pis) != 1 || !pis[0].Packed {
		t.Fatalf("the layout's platforms: %v, %+v", err, pis)
	}
	if ls, err := pis[0].Readable().Layers(); err != nil || len(ls) == 0 {
		t.Fatal(err)
	} else if _, ok := ls[0].(readableLayer); !ok {
		t.Errorf("Readable's layers are %T", ls[0])
	}
	want, got := layerBytes(t, pis[0].Image), layerBytes(t, pis[0].Readable())
	if len(got) != 3 {
		t.Fatalf("%d layers", len(got))
	}
	for i := range want {
		if !bytes.Equal(want[i], got[i]) {
			t.Errorf("layer %d: Readable gives %d bytes, go-containerregistry %d", i, len(got[i]), len(want[i]))
		}
	}
	if !bytes.Equal(got[0], plain) {
		t.Error("the gzip layer does not give its tar")
	}
	notPacked := PlatformImage{Image: img}
	if notPacked.Readable() != img {
		t.Error("an image that is not packed is not read as it is")
	}
}

func tarBytes(t *testing.T, name, content string) []byte {
	t.Helper()
	rc, err := tarLayer(t, tf{name: name, content: content}).Uncompressed()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func layerBytes(t *testing.T, img v1.Image) [][]byte {
	t.Helper()
	ls, err := img.Layers()
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, l := range ls {
		rc, err := l.Uncompressed()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}
