package image

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"time"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/tarball"

	"github.com/pyko-dev/pyko/internal/imageref"
	"github.com/pyko-dev/pyko/internal/insecure"
	"github.com/pyko-dev/pyko/internal/silence"
)

// Base is a base image: exactly one of Image and Index is set.
type Base struct {
	// Name is the reference as the user gave it, for annotations.
	Name string
	// Origin is the registry image a local base (an OCI layout, an
	// archive) is a copy of, when the copy says so: a layout's ref.name
	// that is a full reference ("docker.io/library/python:3.12"), a docker
	// save's RepoTags. It names the base in the image's
	// org.opencontainers.image.base.name, where a local path would not.
	Origin string
	Digest v1.Hash
	Image  v1.Image
	Index  v1.ImageIndex
	// Packed says the layers' Compressed bytes are the stored ones, so
	// reading them compresses nothing: true but for a docker-archive,
	// whose layers may be stored as plain tars (go-containerregistry
	// would compress them to give Compressed).
	Packed bool
}

// BaseOptions says how to reach a base image.
type BaseOptions struct {
	// Keychain resolves registry credentials. Default authn.DefaultKeychain.
	Keychain authn.Keychain
	// Insecure lists registry hosts reached over plain HTTP or unverified
	// TLS, by package insecure's rule.
	Insecure []string
	// TempDir receives an oci-archive's unpacked layout. Default os.TempDir().
	TempDir string
	// Timeout cuts a registry exchange that sends and receives nothing for
	// that long (package silence). Zero: never.
	Timeout time.Duration
}

// baseKinds are the kinds of imageref.Ref a base may be: not the daemon.
var baseKinds = []imageref.Kind{imageref.Registry, imageref.OCILayout, imageref.OCIArchive, imageref.DockerArchive}

// LoadBase reads the base image named by spec: a registry reference,
// oci:DIR[:TAG], oci-archive:FILE or docker-archive:FILE, as package
// imageref parses them. A spec of another form is an *imageref.Error
// naming it.
func LoadBase(ctx context.Context, spec string, o BaseOptions) (*Base, error) {
	ref, err := parseBase(spec, o.Insecure)
	if err != nil {
		return nil, err
	}
	b, err := loadBase(ctx, ref, o)
	if err != nil {
		return nil, fmt.Errorf("reading base image %s: %w", spec, err)
	}
	b.Name = spec
	b.Packed = ref.Kind != imageref.DockerArchive
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

// parseBase parses spec as a base; a local path without a prefix gets
// advice rather than an attempt at a registry.
func parseBase(spec string, insecureHosts []string) (imageref.Ref, error) {
	ref, err := imageref.Parse(spec, imageref.Role("base image"), imageref.Kinds(baseKinds...),
		imageref.NameOptions(insecure.Registries(insecureHosts).NameOptions(spec)...))
	if (err != nil || ref.Kind == imageref.Registry) && isPath(spec) {
		return imageref.Ref{}, fmt.Errorf("reading base image %s: this is a local path: prefix it with oci: for an OCI layout directory, or oci-archive: or docker-archive: for a tar file", spec)
	}
	return ref, err
}

// isPath reports whether spec names a file or directory.
func isPath(spec string) bool {
	_, err := os.Stat(spec)
	return err == nil
}

func loadBase(ctx context.Context, ref imageref.Ref, o BaseOptions) (*Base, error) {
	switch ref.Kind {
	case imageref.OCILayout:
		return fromLayout(ref.Path, ref.Tag)
	case imageref.OCIArchive:
		return fromOCIArchive(ctx, ref.Path, o.TempDir)
	case imageref.DockerArchive:
		return fromDockerArchive(ref.Path)
	}
	return fromRegistry(ctx, ref.Reference, o)
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
	b := &Base{Image: img}
	if m, err := tarball.LoadManifest(func() (io.ReadCloser, error) { return os.Open(file) }); err == nil && len(m) == 1 && len(m[0].RepoTags) > 0 {
		b.Origin = m[0].RepoTags[0]
	}
	return b, nil
}

func fromRegistry(ctx context.Context, ref name.Reference, o BaseOptions) (*Base, error) {
	kc := o.Keychain
	if kc == nil {
		kc = authn.DefaultKeychain
	}
	desc, err := remote.Get(ref, remote.WithContext(ctx), remote.WithAuthFromKeychain(kc),
		remote.WithTransport(silence.Transport(insecure.Registries(o.Insecure).Transport(remote.DefaultTransport), o.Timeout)))
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
