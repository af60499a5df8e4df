package e2e

import (
	"archive/tar"
	"errors"
	"io"
	"path"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

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
	layers, err := img.Layers()
	if err != nil {
		t.Fatalf("reading the layers: %v", err)
	}
	tree := &imageTree{entries: map[string]*treeEntry{}, layers: make([]map[string]*tar.Header, len(layers))}
	for i := range tree.layers {
		tree.layers[i] = map[string]*tar.Header{}
	}
	forEachEntry(t, img, func(layer int, hdr *tar.Header, _ io.Reader) {
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
