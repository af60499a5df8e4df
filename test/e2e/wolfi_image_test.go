package e2e

import (
	"archive/tar"
	"errors"
	"io"
	"path"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
)

// These helpers read what pyko wrote straight from the OCI layout with
// go-containerregistry, so that checks of the image's files need neither
// root nor umoci: the layers are read as the tars they are.

// refNameAnnotation tags a manifest in an OCI layout's index.json.
const refNameAnnotation = "org.opencontainers.image.ref.name"

// ociImages returns the digest of the manifest or index tagged tag in the
// OCI layout dir, and its images by platform ("linux/amd64").
func ociImages(t *testing.T, dir, tag string) (string, map[string]v1.Image) {
	t.Helper()
	p, err := layout.FromPath(dir)
	if err != nil {
		t.Fatalf("reading OCI layout %s: %v", dir, err)
	}
	idx, err := p.ImageIndex()
	if err != nil {
		t.Fatalf("reading %s/index.json: %v", dir, err)
	}
	im, err := idx.IndexManifest()
	if err != nil {
		t.Fatalf("reading %s/index.json: %v", dir, err)
	}
	for _, d := range im.Manifests {
		if d.Annotations[refNameAnnotation] != tag {
			continue
		}
		imgs := map[string]v1.Image{}
		if d.MediaType.IsIndex() {
			child, err := idx.ImageIndex(d.Digest)
			if err != nil {
				t.Fatalf("reading index %s of %s: %v", d.Digest, dir, err)
			}
			cm, err := child.IndexManifest()
			if err != nil {
				t.Fatalf("reading index %s of %s: %v", d.Digest, dir, err)
			}
			for _, c := range cm.Manifests {
				if c.Platform == nil {
					t.Fatalf("index %s of %s: manifest %s has no platform", d.Digest, dir, c.Digest)
				}
				img, err := child.Image(c.Digest)
				if err != nil {
					t.Fatalf("reading image %s of %s: %v", c.Digest, dir, err)
				}
				imgs[c.Platform.OS+"/"+c.Platform.Architecture] = img
			}
			return d.Digest.String(), imgs
		}
		img, err := idx.Image(d.Digest)
		if err != nil {
			t.Fatalf("reading image %s of %s: %v", d.Digest, dir, err)
		}
		cfg, err := img.ConfigFile()
		if err != nil {
			t.Fatalf("reading the config of %s in %s: %v", d.Digest, dir, err)
		}
		imgs[cfg.OS+"/"+cfg.Architecture] = img
		return d.Digest.String(), imgs
	}
	t.Fatalf("OCI layout %s has no manifest tagged %q", dir, tag)
	return "", nil
}

// ociImage returns the single-platform image tagged tag in dir.
func ociImage(t *testing.T, dir, tag string) v1.Image {
	t.Helper()
	_, imgs := ociImages(t, dir, tag)
	if len(imgs) != 1 {
		t.Fatalf("%s:%s holds %d images, want 1", dir, tag, len(imgs))
	}
	for _, img := range imgs {
		return img
	}
	return nil
}

// treeEntry is the newest tar header for one path of an image.
type treeEntry struct {
	hdr   tar.Header
	layer int // index of the layer that wrote it
}

// imageTree is an image's file system as its layers build it, without the
// content: clean relative paths ("usr/bin/python3.11") to entries.
type imageTree struct {
	entries map[string]*treeEntry
	layers  []map[string]*tar.Header // each layer's own entries
}

// readTree reads the headers of every layer of img, in order.
func readTree(t *testing.T, img v1.Image) *imageTree {
	t.Helper()
	tree := &imageTree{entries: map[string]*treeEntry{}}
	forEachEntry(t, img, func(layer int, hdr *tar.Header, _ io.Reader) {
		for len(tree.layers) <= layer {
			tree.layers = append(tree.layers, map[string]*tar.Header{})
		}
		name := cleanName(hdr.Name)
		dir, base := path.Split(name)
		switch {
		case base == ".wh..wh..opq":
			for p := range tree.entries {
				if strings.HasPrefix(p, dir) {
					delete(tree.entries, p)
				}
			}
		case strings.HasPrefix(base, ".wh."):
			gone := path.Join(dir, strings.TrimPrefix(base, ".wh."))
			for p := range tree.entries {
				if p == gone || strings.HasPrefix(p, gone+"/") {
					delete(tree.entries, p)
				}
			}
		default:
			h := *hdr
			tree.layers[layer][name] = &h
			tree.entries[name] = &treeEntry{hdr: h, layer: layer}
		}
	})
	return tree
}

// forEachEntry calls fn for every entry of every layer of img, in order.
func forEachEntry(t *testing.T, img v1.Image, fn func(layer int, hdr *tar.Header, r io.Reader)) {
	t.Helper()
	layers, err := img.Layers()
	if err != nil {
		t.Fatalf("reading the layers: %v", err)
	}
	for i, l := range layers {
		rc, err := l.Uncompressed()
		if err != nil {
			t.Fatalf("opening layer %d: %v", i, err)
		}
		tr := tar.NewReader(rc)
		for {
			hdr, err := tr.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				rc.Close()
				t.Fatalf("reading layer %d: %v", i, err)
			}
			fn(i, hdr, tr)
		}
		if err := rc.Close(); err != nil {
			t.Fatalf("closing layer %d: %v", i, err)
		}
	}
}

func cleanName(name string) string {
	return strings.TrimPrefix(path.Clean("/"+name), "/")
}

// resolve returns the canonical path p lands at inside the image and its
// entry (nil when nothing is there). Symlinks in the directories are
// followed, within the image root as the kernel does in a container
// ("/.." is "/"); the last component only when follow is set.
func (tr *imageTree) resolve(p string, follow bool) (string, *treeEntry) {
	parts := splitPath(p)
	cur := ""
	for i, hops := 0, 0; i < len(parts); i++ {
		next := path.Join(cur, parts[i])
		e := tr.entries[next]
		if e == nil {
			return next, nil
		}
		if e.hdr.Typeflag == tar.TypeSymlink && (i < len(parts)-1 || follow) {
			if hops++; hops > 40 {
				return next, nil
			}
			base := "/" + cur
			if path.IsAbs(e.hdr.Linkname) {
				base = "/"
			}
			parts = append(splitPath(path.Join(base, e.hdr.Linkname)), parts[i+1:]...)
			cur, i = "", -1
			continue
		}
		cur = next
	}
	return cur, tr.entries[cur]
}

func splitPath(p string) []string {
	p = cleanName(p)
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// exists reports whether something (of any type) is at p, following
// symlinked directories but not a final symlink.
func (tr *imageTree) exists(p string) bool {
	_, e := tr.resolve(p, false)
	return e != nil
}

// readFiles returns the content of the regular files at the canonical
// paths names (hard links are followed), as the last layer holding them
// wrote them.
func readFiles(t *testing.T, img v1.Image, tree *imageTree, names ...string) map[string][]byte {
	t.Helper()
	want := map[string]string{} // stored name → requested name
	for _, n := range names {
		e := tree.entries[n]
		if e == nil {
			t.Fatalf("reading /%s from the image: no such file", n)
		}
		stored := n
		if e.hdr.Typeflag == tar.TypeLink {
			stored = cleanName(e.hdr.Linkname)
		}
		want[stored] = n
	}
	out := map[string][]byte{}
	forEachEntry(t, img, func(_ int, hdr *tar.Header, r io.Reader) {
		n, ok := want[cleanName(hdr.Name)]
		if !ok || hdr.Typeflag != tar.TypeReg {
			return
		}
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatalf("reading /%s from the image: %v", hdr.Name, err)
		}
		out[n] = b
	})
	for _, n := range names {
		if _, ok := out[n]; !ok {
			t.Fatalf("reading /%s from the image: not a regular file", n)
		}
	}
	return out
}

// readFile resolves p (following symlinks) and returns its content.
func readFile(t *testing.T, img v1.Image, tree *imageTree, p string) []byte {
	t.Helper()
	canon, e := tree.resolve(p, true)
	if e == nil {
		t.Fatalf("%s is not in the image", p)
	}
	return readFiles(t, img, tree, canon)[canon]
}
