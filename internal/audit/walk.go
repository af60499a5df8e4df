package audit

import (
	"archive/tar"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/secrets"
)

// file is a path of the image's final file system.
type file struct {
	hdr   tar.Header
	layer int // from 1
	// content is kept for the few files the checks read (package
	// databases, SBOMs).
	content []byte
}

// fileSystem is the image's final files and what reading the layers
// found on the way.
type fileSystem struct {
	files    map[string]*file
	findings []Finding
	// secrets indexes findings by path, so that a later layer deleting or
	// replacing the file marks them Deleted.
	secrets map[string][]int
	wasted  int64
}

// maxKept bounds a kept file; maxScanned a file read for secrets.
const (
	maxKept    = 16 << 20
	maxScanned = secrets.MaxScanned
)

// kept are the files whose content the checks read.
func kept(p string) bool {
	return p == "lib/apk/db/installed" || p == "usr/lib/apk/db/installed" || p == "var/lib/dpkg/status" ||
		(strings.HasPrefix(p, "var/lib/db/sbom/") && strings.HasSuffix(p, ".spdx.json"))
}

func walk(ctx context.Context, img v1.Image) (*fileSystem, error) {
	layers, err := img.Layers()
	if err != nil {
		return nil, fmt.Errorf("listing layers: %w", err)
	}
	fs := &fileSystem{files: map[string]*file{}, secrets: map[string][]int{}}
	for i, l := range layers {
		if err := fs.layer(ctx, i+1, l); err != nil {
			d, _ := l.Digest()
			return nil, fmt.Errorf("reading layer %d (%s): %w", i+1, d, err)
		}
	}
	return fs, nil
}

func (fs *fileSystem) layer(ctx context.Context, n int, l v1.Layer) error {
	rc, err := l.Uncompressed()
	if err != nil {
		return err
	}
	defer rc.Close()
	tr := tar.NewReader(rc)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		p := strings.TrimPrefix(path.Clean("/"+h.Name), "/")
		dir, base := path.Split(p)
		switch {
		case base == ".wh..wh..opq":
			fs.removeBelow(strings.TrimSuffix(dir, "/"))
			continue
		case strings.HasPrefix(base, ".wh."):
			gone := dir + strings.TrimPrefix(base, ".wh.")
			fs.remove(gone)
			fs.removeBelow(gone)
			continue
		}
		if err := fs.add(n, p, h, tr); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
	}
}

// add records p as layer n writes it, scanning its content.
func (fs *fileSystem) add(n int, p string, h *tar.Header, r io.Reader) error {
	if old, ok := fs.files[p]; ok && !(old.hdr.Typeflag == tar.TypeDir && h.Typeflag == tar.TypeDir) {
		fs.remove(p)
	}
	f := &file{hdr: *h, layer: n}
	fs.files[p] = f
	if h.Typeflag != tar.TypeReg {
		return nil
	}
	if kept(p) && h.Size <= maxKept {
		b, err := io.ReadAll(io.LimitReader(r, maxKept))
		if err != nil {
			return err
		}
		f.content = b
		fs.scan(n, p, b)
		return nil
	}
	var head []byte
	if h.Size <= maxScanned {
		b, err := io.ReadAll(io.LimitReader(r, maxScanned))
		if err != nil {
			return err
		}
		head = b
	}
	fs.scan(n, p, head)
	return nil
}

// remove takes p out of the final files: its bytes are wasted, and a
// secret found in it is still in its layer.
func (fs *fileSystem) remove(p string) {
	f, ok := fs.files[p]
	if !ok {
		return
	}
	if f.hdr.Typeflag == tar.TypeReg {
		fs.wasted += f.hdr.Size
	}
	for _, i := range fs.secrets[p] {
		fs.findings[i].Deleted = true
		fs.findings[i].Message += fmt.Sprintf(" (deleted or replaced by a later layer: still in layer %d, which every pull downloads)", fs.findings[i].Layer)
	}
	delete(fs.secrets, p)
	delete(fs.files, p)
}

func (fs *fileSystem) removeBelow(dir string) {
	prefix := dir + "/"
	for p := range fs.files {
		if strings.HasPrefix(p, prefix) {
			fs.remove(p)
		}
	}
}
