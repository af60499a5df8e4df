package image

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// Base is a base image: exactly one of Image and Index is set.
type Base struct {
	// Name is the reference as the user gave it, for annotations.
	Name   string
	Digest v1.Hash
	Image  v1.Image
	Index  v1.ImageIndex
}

// BaseOptions says how to reach a base image.
type BaseOptions struct {
	// Keychain resolves registry credentials. Default authn.DefaultKeychain.
	Keychain authn.Keychain
	// Insecure lists registry hosts reached over plain HTTP.
	Insecure []string
	// TempDir receives an oci-archive's unpacked layout. Default os.TempDir().
	TempDir string
}

// LoadBase reads the base image named by spec: oci:DIR[:TAG],
// oci-archive:FILE, docker-archive:FILE[:TAG] or a registry reference.
func LoadBase(ctx context.Context, spec string, o BaseOptions) (*Base, error) {
	b, err := loadBase(ctx, spec, o)
	if err != nil {
		return nil, fmt.Errorf("reading base image %s: %w", spec, err)
	}
	b.Name = spec
	if b.Image != nil {
		b.Digest, err = b.Image.Digest()
	} else {
		b.Digest, err = b.Index.Digest()
	}
	if err != nil {
		return nil, fmt.Errorf("reading base image %s: %w", spec, err)
	}
	return b, nil
}

func loadBase(ctx context.Context, spec string, o BaseOptions) (*Base, error) {
	kind, rest, _ := strings.Cut(spec, ":")
	switch kind {
	case "oci":
		dir, tag := splitTag(rest)
		return fromLayout(dir, tag)
	case "oci-archive":
		return fromOCIArchive(ctx, rest, o.TempDir)
	case "docker-archive":
		return fromDockerArchive(rest)
	}
	return fromRegistry(ctx, spec, o)
}

func fromDockerArchive(file string) (*Base, error) {
	if _, err := os.Stat(file); err != nil {
		return nil, err
	}
	img, err := tarball.ImageFromPath(file, nil)
	if err != nil {
		return nil, fmt.Errorf("not a docker-archive (a file written by docker save): %w", err)
	}
	if _, err := img.Manifest(); err != nil {
		return nil, fmt.Errorf("not a docker-archive (a file written by docker save): %w", err)
	}
	return &Base{Image: img}, nil
}

func fromRegistry(ctx context.Context, spec string, o BaseOptions) (*Base, error) {
	if _, err := os.Stat(spec); err == nil {
		return nil, fmt.Errorf("this is a local path: prefix it with oci: for an OCI layout directory, or oci-archive: or docker-archive: for a tar file")
	}
	var nopts []name.Option
	ref0, err := name.ParseReference(spec)
	if err != nil {
		return nil, fmt.Errorf("%q is not an image reference, oci:DIR[:TAG], oci-archive:FILE or docker-archive:FILE", spec)
	}
	for _, h := range o.Insecure {
		if ref0.Context().RegistryStr() == h {
			nopts = append(nopts, name.Insecure)
		}
	}
	ref, err := name.ParseReference(spec, nopts...)
	if err != nil {
		return nil, err
	}
	kc := o.Keychain
	if kc == nil {
		kc = authn.DefaultKeychain
	}
	desc, err := remote.Get(ref, remote.WithContext(ctx), remote.WithAuthFromKeychain(kc))
	var netErr *net.OpError
	if errors.As(err, &netErr) {
		return nil, fmt.Errorf("cannot reach registry %s (check the name and the network, or use a local base such as oci:DIR): %w", ref.Context().RegistryStr(), err)
	}
	if err != nil {
		return nil, err
	}
	if desc.MediaType.IsIndex() {
		idx, err := desc.ImageIndex()
		return &Base{Index: idx}, err
	}
	img, err := desc.Image()
	return &Base{Image: img}, err
}
