package image

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/pyko-dev/pyko/internal/imageref"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// writeLayout writes a layout holding one random image tagged tag, in a
// directory whose name has colons, and returns the directory and the
// image's digest.
func writeLayout(t *testing.T, tag string) (string, string) {
	t.Helper()
	img, err := random.Image(64, 1)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "a:b", "x:y", "layout")
	idx := mutate.AppendManifests(empty.Index, mutate.IndexAddendum{Add: img,
		Descriptor: v1.Descriptor{Annotations: map[string]string{refNameAnnotation: tag}}})
	if _, err := layout.Write(dir, idx); err != nil {
		t.Fatal(err)
	}
	d, err := img.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return dir, d.String()
}

func TestLoadBaseLayout(t *testing.T) {
	dir, digest := writeLayout(t, "base")
	for _, spec := range []string{"oci:" + dir, "oci:" + dir + ":base"} {
		b, err := LoadBase(context.Background(), spec, BaseOptions{})
		if err != nil {
			t.Fatalf("LoadBase(%q): %v", spec, err)
		}
		if b.Name != spec || b.Digest.String() != digest || b.Image == nil {
			t.Errorf("LoadBase(%q) = %s %s", spec, b.Name, b.Digest)
		}
	}
}

func TestLoadBaseErrors(t *testing.T) {
	dir, _ := writeLayout(t, "base")
	file := filepath.Join(t.TempDir(), "file.tar")
	if err := os.WriteFile(file, []byte("not a tar"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		spec     string
		want     string // prefix of the error
		parseErr bool   // an *imageref.Error
	}{
		{"daemon", `base image "daemon" cannot be the Docker daemon: use NAME[:TAG|@DIGEST], oci:DIR[:TAG], oci-archive:FILE or docker-archive:FILE`, true},
		{"oci:", `base image "oci:" has no DIR`, true},
		{"Not/A/Reference", `base image "Not/A/Reference" is not an image reference (`, true},
		{dir, "reading base image " + dir + ": this is a local path: prefix it with oci:", false},
		{"oci:" + dir + ":nope", "reading base image oci:" + dir + `:nope: no image tagged "nope" in the layout (it has base)`, false},
		{"oci:/nonexistent", "reading base image oci:/nonexistent: /nonexistent is not an OCI image layout", false},
		{"docker-archive:" + file, "reading base image docker-archive:" + file + ": not a docker-archive", false},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			_, err := LoadBase(context.Background(), tt.spec, BaseOptions{TempDir: t.TempDir()})
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("LoadBase(%q) error = %v\nwant prefix %q", tt.spec, err, tt.want)
			}
			var e *imageref.Error
			if errors.As(err, &e) != tt.parseErr {
				t.Errorf("LoadBase(%q) error is an *imageref.Error: %v, want %v", tt.spec, !tt.parseErr, tt.parseErr)
			}
		})
	}
}

// TestLoadBaseInsecureRegistry pulls from a registry with a self-signed
// certificate: only when it is listed as insecure, by host or host:port.
func TestLoadBaseInsecureRegistry(t *testing.T) {
	s := tools.TLSRegistry(t)
	host := s.Listener.Addr().String()
	img, err := random.Image(64, 1)
	if err != nil {
		t.Fatal(err)
	}
	spec := host + "/base:1"
	ref, err := name.ParseReference(spec)
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.Write(ref, img, remote.WithTransport(s.Client().Transport)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		insecure []string
		ok       bool
	}{
		{nil, false},
		{[]string{"127.0.0.1:1"}, false},
		{[]string{host}, true},
		{[]string{"127.0.0.1"}, true},
	}
	for _, tt := range tests {
		_, err := LoadBase(context.Background(), spec, BaseOptions{Insecure: tt.insecure, Keychain: authn.NewMultiKeychain()})
		if (err == nil) != tt.ok {
			t.Errorf("Insecure %q: error %v, want ok %v", tt.insecure, err, tt.ok)
		}
	}
}
