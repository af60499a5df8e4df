package image

import (
	"archive/tar"
	"context"
	"errors"
	"fmt"
	"github.com/google/go-containerregistry/pkg/name"
	"io"
	"os"
	"path/filepath"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
)

func fromLayout(dir, tag string) (*Base, error) {
	if _, err := os.Stat(filepath.Join(dir, "index.json")); err != nil {
		return nil, fmt.Errorf("%s is not an OCI image layout (no index.json)", dir)
	}
	idx, err := layout.ImageIndexFromPath(dir)
	if err != nil {
		return nil, err
	}
	im, err := idx.IndexManifest()
	if err != nil {
		return nil, err
	}
	desc, err := pickDescriptor(im.Manifests, tag)
	if err != nil {
		return nil, err
	}
	origin := registryName(desc.Annotations[refNameAnnotation])
	if desc.MediaType.IsIndex() {
		sub, err := idx.ImageIndex(desc.Digest)
		return &Base{Index: sub, Origin: origin}, err
	}
	img, err := idx.Image(desc.Digest)
	return &Base{Image: img, Origin: origin}, err
}

// registryName is ref when it is a full registry reference (a registry
// host, then a repository: "ghcr.io/me/python:3.12"), "" for a bare tag
// such as "base" or "3.12".
func registryName(ref string) string {
	host, rest, ok := strings.Cut(ref, "/")
	if !ok || rest == "" || !(strings.ContainsAny(host, ".:") || host == "localhost") {
		return ""
	}
	if _, err := name.ParseReference(ref, name.StrictValidation); err != nil {
		return ""
	}
	return ref
}

const refNameAnnotation = "org.opencontainers.image.ref.name"

func pickDescriptor(ds []v1.Descriptor, tag string) (v1.Descriptor, error) {
	var names []string
	for _, d := range ds {
		n := d.Annotations[refNameAnnotation]
		if tag != "" && (n == tag || strings.HasSuffix(n, ":"+tag)) {
			return d, nil
		}
		if n != "" {
			names = append(names, n)
		}
	}
	switch {
	case tag != "":
		return v1.Descriptor{}, fmt.Errorf("no image tagged %q in the layout (it has %s)", tag, listOrNone(names))
	case len(ds) == 1:
		return ds[0], nil
	case len(ds) == 0:
		return v1.Descriptor{}, errors.New("the layout holds no image")
	}
	return v1.Descriptor{}, fmt.Errorf("the layout holds %d images: name one as oci:DIR:TAG (tags: %s)", len(ds), listOrNone(names))
}

func listOrNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

// fromOCIArchive unpacks a tar of an OCI layout into a temporary directory,
// since a layout needs random access to its blobs.
func fromOCIArchive(ctx context.Context, file, tempDir string) (*Base, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dir, err := os.MkdirTemp(tempDir, "pyko-base-*")
	if err != nil {
		return nil, err
	}
	if err := untar(ctx, f, dir); err != nil {
		return nil, fmt.Errorf("not an oci-archive: %w", err)
	}
	return fromLayout(dir, "")
}

// untar extracts regular files and directories only; names that would
// leave dir are rejected.
func untar(ctx context.Context, r io.Reader, dir string) error {
	tr := tar.NewReader(r)
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
		if !filepath.IsLocal(h.Name) {
			return fmt.Errorf("entry %q leaves the archive", h.Name)
		}
		target := filepath.Join(dir, h.Name)
		switch h.Typeflag {
		case tar.TypeDir:
			err = os.MkdirAll(target, 0o755)
		case tar.TypeReg:
			err = writeFile(target, tr)
		}
		if err != nil {
			return err
		}
	}
}

func writeFile(path string, r io.Reader) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
