// Command bigbase writes a large base image for benchmarks: the Debian
// Python base (see scripts/debian-base) with extra layers of incompressible
// bytes, so that the image's size is about -mb megabytes. The bytes come
// from a seeded generator, so the image is the same on every run.
//
//	go run ./scripts/bigbase -mb 1024 -layers 4 -o /tmp/bigbase
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"

	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"

	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/testutil/ocibase"
)

func main() {
	mb := flag.Int64("mb", 1024, "megabytes of extra layers")
	layers := flag.Int("layers", 4, "how many extra layers")
	out := flag.String("o", "", "OCI layout directory to write (tag: base)")
	flag.Parse()
	if err := run(context.Background(), *mb<<20, *layers, *out); err != nil {
		fmt.Fprintln(os.Stderr, "bigbase:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, total int64, n int, out string) error {
	if out == "" || n < 1 {
		return fmt.Errorf("pass -o DIR and -layers >= 1")
	}
	dir, err := ocibase.Debian(ctx, "", "amd64")
	if err != nil {
		return err
	}
	idx, err := layout.ImageIndexFromPath(dir)
	if err != nil {
		return err
	}
	im, err := idx.IndexManifest()
	if err != nil {
		return err
	}
	img, err := idx.Image(im.Manifests[0].Digest)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "bigbase-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	per := total / int64(n)
	for i := range n {
		l, err := layer.New(ctx, []layer.Entry{{
			Path: fmt.Sprintf("opt/data/blob-%d.bin", i), Mode: 0o644, Size: per,
			Open: func() (io.ReadCloser, error) { return io.NopCloser(io.LimitReader(seeded(uint64(i)), per)), nil },
		}}, layer.WithTempDir(tmp))
		if err != nil {
			return err
		}
		if img, err = mutate.AppendLayers(img, l); err != nil {
			return err
		}
	}
	p, err := layout.Write(out, empty.Index)
	if err != nil {
		return err
	}
	return p.AppendImage(img, layout.WithAnnotations(map[string]string{"org.opencontainers.image.ref.name": "base"}))
}

type rng struct{ r *rand.ChaCha8 }

func seeded(i uint64) io.Reader {
	var seed [32]byte
	seed[0] = byte(i)
	return rng{rand.NewChaCha8(seed)}
}

func (r rng) Read(p []byte) (int, error) { return r.r.Read(p) }
