package publish

import (
	"archive/tar"
	"context"
	"fmt"
	"io"
	"time"

	"github.com/google/go-containerregistry/pkg/name"

	"github.com/pyko-dev/pyko/internal/imageref"
)

// ociArchivePublisher writes a tar file of an OCI image layout
// (oci-archive:FILE), as read by `skopeo copy oci-archive:FILE` and
// `podman load`.
type ociArchivePublisher struct {
	file string
	tags []name.Tag
	o    options
}

func (p *ociArchivePublisher) String() string {
	return imageref.Ref{Kind: imageref.OCIArchive, Path: p.file}.String()
}

// Publish streams the layout into FILE blob by blob, with no temporary
// directory. Entries are sorted, owned by 0:0 and dated 1970-01-01, so equal
// results give equal files. The first tag, fully qualified, becomes the
// ref.name annotation that `podman load` names the image from.
func (p *ociArchivePublisher) Publish(ctx context.Context, r Result) error {
	ref := ""
	if len(p.tags) > 0 {
		ref = fullName(p.tags[0])
	}
	err := underLock(ctx, p.o.logger, p.file, func() error { return p.publish(ctx, r, ref) })
	if err != nil {
		return fmt.Errorf("writing OCI archive %s: %w", p.file, err)
	}
	p.o.logger.InfoContext(ctx, "wrote OCI archive", "file", p.file, "ref", ref)
	return nil
}

func (p *ociArchivePublisher) publish(ctx context.Context, r Result, ref string) error {
	blobs, err := collectBlobs(r)
	if err != nil {
		return err
	}
	desc, err := describe(r, ref)
	if err != nil {
		return err
	}
	idx := newLayoutIndex()
	idx.put(desc)
	index, err := idx.marshal()
	if err != nil {
		return err
	}
	return writeFileAtomic(ctx, p.file, func(w io.Writer) error {
		return writeLayoutTar(w, blobs, index)
	})
}

// writeLayoutTar writes an OCI layout as a tar stream, in the byte order of
// the entry names: blobs/, blobs/sha256/, blobs/sha256/<hex>..., index.json,
// oci-layout.
func writeLayoutTar(w io.Writer, blobs []blob, index []byte) error {
	tw := tar.NewWriter(w)
	dirs := map[string]bool{}
	if err := tarHeader(tw, "blobs/", tar.TypeDir, 0); err != nil {
		return err
	}
	for _, b := range blobs {
		dir := "blobs/" + b.digest.Algorithm + "/"
		if !dirs[dir] {
			dirs[dir] = true
			if err := tarHeader(tw, dir, tar.TypeDir, 0); err != nil {
				return err
			}
		}
		if err := tarHeader(tw, dir+b.digest.Hex, tar.TypeReg, b.size); err != nil {
			return err
		}
		if err := copyBlob(tw, b); err != nil {
			return err
		}
	}
	for _, f := range []struct {
		name string
		data string
	}{{"index.json", string(index)}, {"oci-layout", ociLayoutFile}} {
		if err := tarHeader(tw, f.name, tar.TypeReg, int64(len(f.data))); err != nil {
			return err
		}
		if _, err := io.WriteString(tw, f.data); err != nil {
			return err
		}
	}
	return tw.Close()
}

func tarHeader(tw *tar.Writer, name string, typ byte, size int64) error {
	mode := int64(0o644)
	if typ == tar.TypeDir {
		mode = 0o755
	}
	return tw.WriteHeader(&tar.Header{
		Typeflag: typ,
		Name:     name,
		Size:     size,
		Mode:     mode,
		ModTime:  time.Unix(0, 0),
	})
}

// fullName is tag with its registry spelled out the way Docker and podman
// store names: "app:1" becomes "docker.io/library/app:1".
func fullName(t name.Tag) string {
	reg := t.RegistryStr()
	if reg == name.DefaultRegistry {
		reg = "docker.io"
	}
	return reg + "/" + t.RepositoryStr() + ":" + t.TagStr()
}
