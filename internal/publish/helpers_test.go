package publish

import (
	"archive/tar"
	"bytes"
	"errors"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/pyko-dev/pyko/internal/imageref"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// The kinds of an output, short for the tests.
const (
	OCILayout     = imageref.OCILayout
	OCIArchive    = imageref.OCIArchive
	DockerArchive = imageref.DockerArchive
	Daemon        = imageref.Daemon
)

// requireTool returns the path of a command-line tool. A missing tool skips
// the test, except under CI=true where it fails it.
func requireTool(t *testing.T, name string) string {
	t.Helper()
	tools.Require(t, name)
	path, err := exec.LookPath(name)
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// run runs a command and returns its stdout, failing the test on error.
func run(t *testing.T, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}

// quietOptions keeps test output free of progress lines.
func quietOptions(opts ...Option) []Option {
	return append([]Option{WithLogger(slog.New(slog.DiscardHandler))}, opts...)
}

func randomImage(t *testing.T) v1.Image {
	t.Helper()
	img, err := random.Image(1024, 2)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// tinyImage is a small, valid OCI image for real clients: one layer holding
// /hello, a config for linux/arch.
func tinyImage(t *testing.T, arch string) v1.Image {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	content := "hello from " + arch + "\n"
	if err := tw.WriteHeader(&tar.Header{Name: "hello", Mode: 0o644, Size: int64(len(content))}); err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(tw, content); err != nil {
		t.Fatal(err)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	}, tarball.WithMediaType(types.OCILayer))
	if err != nil {
		t.Fatal(err)
	}
	base := mutate.MediaType(empty.Image, types.OCIManifestSchema1)
	base = mutate.ConfigMediaType(base, types.OCIConfigJSON)
	img, err := mutate.AppendLayers(base, layer)
	if err != nil {
		t.Fatal(err)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture = "linux", arch
	cf.Config.Cmd = []string{"/hello"}
	img, err = mutate.ConfigFile(img, cf)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// platformIndex is an OCI index of tinyImage for linux/amd64 and linux/arm64.
func platformIndex(t *testing.T) v1.ImageIndex {
	t.Helper()
	var adds []mutate.IndexAddendum
	for _, arch := range []string{"amd64", "arm64"} {
		adds = append(adds, mutate.IndexAddendum{
			Add:        tinyImage(t, arch),
			Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: arch}},
		})
	}
	return mutate.AppendManifests(mutate.IndexMediaType(empty.Index, types.OCIImageIndex), adds...)
}

var errBrokenLayer = errors.New("layer storage went away")

// brokenLayer is a layer whose compressed stream fails after some bytes.
type brokenLayer struct {
	v1.Layer
	after int64
}

func (l brokenLayer) Compressed() (io.ReadCloser, error) {
	rc, err := l.Layer.Compressed()
	if err != nil {
		return nil, err
	}
	return struct {
		io.Reader
		io.Closer
	}{io.MultiReader(io.LimitReader(rc, l.after), errReader{}), rc}, nil
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errBrokenLayer }

// brokenImage has a good layer and a large layer that fails midway.
func brokenImage(t *testing.T) v1.Image {
	t.Helper()
	good, err := random.Layer(512, types.DockerLayer)
	if err != nil {
		t.Fatal(err)
	}
	big, err := random.Layer(1<<20, types.DockerLayer)
	if err != nil {
		t.Fatal(err)
	}
	img, err := mutate.AppendLayers(empty.Image, good, brokenLayer{Layer: big, after: 100 << 10})
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// assertNoTemp fails if dir (recursively) holds a *.tmp-* leftover.
func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	_ = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".tmp-") {
			t.Errorf("temporary leftover %s", path)
		}
		return nil
	})
}

func mustTags(t *testing.T, refs ...string) []name.Tag {
	t.Helper()
	var tags []name.Tag
	for _, s := range refs {
		tag, err := name.NewTag(s)
		if err != nil {
			t.Fatal(err)
		}
		tags = append(tags, tag)
	}
	return tags
}

// randomLayerResult is a Result that is neither an image nor an index.
func randomLayerResult(t *testing.T) Result {
	t.Helper()
	l, err := random.Layer(64, types.DockerLayer)
	if err != nil {
		t.Fatal(err)
	}
	return layerResult{l}
}

type layerResult struct{ v1.Layer }

func (layerResult) RawManifest() ([]byte, error) { return []byte("{}"), nil }
