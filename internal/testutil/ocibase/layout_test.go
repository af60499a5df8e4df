package ocibase

import (
	"archive/tar"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/types"
	"github.com/google/go-containerregistry/pkg/v1/validate"
)

// tree writes a small rootfs with the modes that are easy to lose.
func tree(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(root, "usr/bin"), 0o755))
	must(os.MkdirAll(filepath.Join(root, "tmp"), 0o755))
	must(os.Chmod(filepath.Join(root, "tmp"), fs.ModeSticky|0o777))
	must(os.WriteFile(filepath.Join(root, "usr/bin/su"), []byte("#!/bin/false\n"), 0o755))
	must(os.Chmod(filepath.Join(root, "usr/bin/su"), fs.ModeSetuid|0o755))
	must(os.WriteFile(filepath.Join(root, "usr/bin/secret"), []byte("x"), 0o600))
	must(os.Symlink("usr/bin", filepath.Join(root, "bin")))
	return root
}

func TestLayoutKeepsModesAndLinks(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "layout")
	digest, err := Layout(ctx, tree(t), dir, "base")
	if err != nil {
		t.Fatal(err)
	}
	img := imageByTag(t, dir, "base")
	if got, _ := img.Digest(); got != digest {
		t.Errorf("Layout returned %s, layout holds %s", digest, got)
	}
	if err := validate.Image(img); err != nil {
		t.Fatalf("validate.Image: %v", err)
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.OS != "linux" || cfg.Architecture != "amd64" || len(cfg.Config.Env) != 1 || cfg.Config.Env[0] != "PATH="+Path {
		t.Errorf("config os %q arch %q env %v", cfg.OS, cfg.Architecture, cfg.Config.Env)
	}
	layers, err := img.Layers()
	if err != nil || len(layers) != 1 {
		t.Fatalf("image has %d layers (err %v), want 1", len(layers), err)
	}
	if mt, _ := img.MediaType(); mt != types.OCIManifestSchema1 {
		t.Errorf("manifest media type %s, want %s", mt, types.OCIManifestSchema1)
	}
	if m, err := img.Manifest(); err != nil || m.Config.MediaType != types.OCIConfigJSON {
		t.Errorf("config media type %v (err %v), want %s", m.Config.MediaType, err, types.OCIConfigJSON)
	}
	if mt, _ := layers[0].MediaType(); mt != types.OCILayer {
		t.Errorf("layer media type %s, want %s", mt, types.OCILayer)
	}
	hdrs := headers(t, layers[0])
	tests := []struct {
		name     string
		typeflag byte
		mode     int64
		link     string
	}{
		{"tmp/", tar.TypeDir, 0o1777, ""},
		{"usr/bin/su", tar.TypeReg, 0o4755, ""},
		{"usr/bin/secret", tar.TypeReg, 0o600, ""},
		{"bin", tar.TypeSymlink, 0o777, "usr/bin"},
	}
	for _, tt := range tests {
		h, ok := hdrs[tt.name]
		if !ok {
			t.Errorf("%s missing from layer; have %v", tt.name, keys(hdrs))
			continue
		}
		if h.Typeflag != tt.typeflag || h.Mode&0o7777 != tt.mode || h.Linkname != tt.link || h.Uid != 0 || h.Gid != 0 {
			t.Errorf("%s: type %c mode %o link %q owner %d:%d; want type %c mode %o link %q owner 0:0",
				tt.name, h.Typeflag, h.Mode, h.Linkname, h.Uid, h.Gid, tt.typeflag, tt.mode, tt.link)
		}
	}
}

func TestLayoutIsDeterministicAndReplacesTag(t *testing.T) {
	ctx := context.Background()
	root := tree(t)
	dir := t.TempDir()
	first, err := Layout(ctx, root, dir, "base")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(filepath.Join(root, "usr/bin/su"), fixedTime, fixedTime); err != nil {
		t.Fatal(err)
	}
	second, err := Layout(ctx, root, dir, "base")
	if err != nil {
		t.Fatal(err)
	}
	if first != second {
		t.Errorf("same tree, different digests: %s, %s", first, second)
	}
	if _, err := Layout(ctx, root, dir, "other", WithArch("arm64")); err != nil {
		t.Fatal(err)
	}
	idx, err := layout.ImageIndexFromPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	m, err := idx.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Manifests) != 2 {
		t.Errorf("index has %d manifests, want 2 (base replaced, other added)", len(m.Manifests))
	}
}

func TestLayoutMissingRootfs(t *testing.T) {
	dir := t.TempDir()
	_, err := Layout(context.Background(), filepath.Join(dir, "nope"), filepath.Join(dir, "out"), "base")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Layout(missing rootfs) error = %v, want fs.ErrNotExist", err)
	}
}

// imageByTag returns the image annotated with tag in the layout at dir.
func imageByTag(t *testing.T, dir, tag string) v1.Image {
	t.Helper()
	idx, err := layout.ImageIndexFromPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	m, err := idx.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range m.Manifests {
		if d.Annotations[RefNameAnnotation] == tag {
			img, err := idx.Image(d.Digest)
			if err != nil {
				t.Fatal(err)
			}
			return img
		}
	}
	t.Fatalf("no image tagged %q in %s", tag, dir)
	return nil
}

// headers reads a layer's tar headers by name.
func headers(t *testing.T, l v1.Layer) map[string]*tar.Header {
	t.Helper()
	rc, err := l.Uncompressed()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	out := map[string]*tar.Header{}
	tr := tar.NewReader(rc)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out[h.Name] = h
	}
}

func keys(m map[string]*tar.Header) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

var fixedTime = mustTime("2001-02-03T04:05:06Z")

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}
