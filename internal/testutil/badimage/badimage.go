// Package badimage makes the image pyko audit must fault: it runs as
// root and holds a shell, a setuid file, a world-writable directory, a
// .env, a private key that a later layer deletes, an AWS key in code, pip,
// and no SBOM.
package badimage

import (
	"archive/tar"
	"bytes"
	"fmt"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// Entry is a tar entry of a test layer: a regular file unless Type says
// otherwise; mode 0644 unless Mode does.
type Entry struct {
	Name, Body string
	Mode       int64
	Type       byte
}

// Layer is an uncompressed layer of es, in order.
func Layer(es ...Entry) (v1.Layer, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range es {
		typ, mode := e.Type, e.Mode
		if typ == 0 {
			typ = tar.TypeReg
		}
		if mode == 0 {
			mode = 0o644
		}
		h := &tar.Header{Name: e.Name, Typeflag: typ, Mode: mode}
		if typ == tar.TypeReg {
			h.Size = int64(len(e.Body))
		}
		if err := tw.WriteHeader(h); err != nil {
			return nil, err
		}
		if _, err := tw.Write([]byte(e.Body)); err != nil && typ == tar.TypeReg {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return static.NewLayer(buf.Bytes(), types.OCIUncompressedLayer), nil
}

// Image is the bad image.
func Image() (v1.Image, error) {
	first, err := Layer(
		Entry{Name: "bin/sh", Body: "#!shell", Mode: 0o755},
		Entry{Name: "usr/bin/passwd", Body: "ELF", Mode: 0o4755},
		Entry{Name: "srv/drop", Type: tar.TypeDir, Mode: 0o777},
		Entry{Name: "app/.env", Body: "DB_PASSWORD=hunter2\n"},
		Entry{Name: "app/.env.example", Body: "DB_PASSWORD=\n"},
		Entry{Name: "root/.ssh/id_rsa", Body: "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk=\n-----END OPENSSH PRIVATE KEY-----\n"},
		Entry{Name: "app/settings.py", Body: "AWS = 'AKIAIOSFODNN7EXAMPLE'\n"},
		Entry{Name: "usr/lib/python3.11/site-packages/pip-24.0.dist-info/METADATA", Body: "Name: pip\nVersion: 24.0\n"},
	)
	if err != nil {
		return nil, err
	}
	second, err := Layer(Entry{Name: "root/.ssh/.wh.id_rsa"})
	if err != nil {
		return nil, err
	}
	img, err := mutate.AppendLayers(empty.Image, first, second)
	if err != nil {
		return nil, err
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture = "linux", "amd64"
	return mutate.ConfigFile(img, cf)
}

// Write writes the bad image into an OCI layout at dir, tagged tag.
func Write(dir, tag string) error {
	img, err := Image()
	if err != nil {
		return err
	}
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		return err
	}
	if err := p.AppendImage(img, layout.WithAnnotations(map[string]string{"org.opencontainers.image.ref.name": tag})); err != nil {
		return fmt.Errorf("writing the bad image: %w", err)
	}
	return nil
}
