package e2e

import (
	"archive/tar"
	"io"
	"path/filepath"
	"testing"
	"time"
)

// TestWolfiReproducible builds examples/hello without --base from two
// checkouts at different paths, each with its own empty download cache:
// the digests are equal. SOURCE_DATE_EPOCH gives another digest, the same
// twice, and clamps every file time of the image to it.
func TestWolfiReproducible(t *testing.T) {
	t.Parallel()
	requirePyko(t)
	repo := wolfiClone(t)
	a := filepath.Join(t.TempDir(), "hello")
	b := filepath.Join(t.TempDir(), "elsewhere", "deeper", "hello")
	copyTree(t, helloDir(), a)
	copyTree(t, helloDir(), b)
	touchAll(t, b, time.Date(2031, 5, 6, 7, 8, 9, 0, time.UTC))

	build := func(dir string, env ...string) (string, string) {
		t.Helper()
		out := filepath.Join(t.TempDir(), "oci")
		env = append(env, wolfiCache(t)...)
		return buildOK(t, env, wolfiBuildArgs(dir, repo, wolfiKeyFile(repo), "-o", "oci:"+out+":hello")...), out
	}
	da, _ := build(a)
	db, _ := build(b)
	if da != db {
		t.Errorf("same project and packages, other checkout and cache: %s vs %s", da, db)
	}

	const epoch = 1700000000
	sde := "SOURCE_DATE_EPOCH=1700000000"
	d1, out := build(a, sde)
	d2, _ := build(b, sde)
	if d1 == da {
		t.Errorf("SOURCE_DATE_EPOCH did not change the digest (%s)", d1)
	}
	if d1 != d2 {
		t.Errorf("SOURCE_DATE_EPOCH builds differ: %s vs %s", d1, d2)
	}

	img := ociImage(t, out, "hello")
	cfg, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.Created.Time.Equal(time.Unix(epoch, 0)) {
		t.Errorf("created %v, want SOURCE_DATE_EPOCH %v", cfg.Created.Time.UTC(), time.Unix(epoch, 0).UTC())
	}
	later, files := 0, 0
	forEachEntry(t, img, func(layer int, hdr *tar.Header, _ io.Reader) {
		files++
		if hdr.ModTime.Unix() > epoch {
			if later++; later <= 5 {
				t.Errorf("layer %d: /%s has mtime %v, after SOURCE_DATE_EPOCH", layer+1, hdr.Name, hdr.ModTime.UTC())
			}
		}
	})
	if later > 5 {
		t.Errorf("and %d more entries after SOURCE_DATE_EPOCH", later-5)
	}
	if files < 100 {
		t.Errorf("read %d tar entries from the image, want the whole OS", files)
	}
}
