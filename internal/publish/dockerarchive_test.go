package publish

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/validate"

	"github.com/pyko-dev/pyko/internal/imageref"
)

func publishDockerArchive(t *testing.T, file string, tags []name.Tag, r Result, opts ...Option) error {
	t.Helper()
	p, err := New(imageref.Ref{Kind: DockerArchive, Path: file}, tags, quietOptions(opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return p.Publish(context.Background(), r)
}

// readDockerArchive validates the archive's image under tag (nil: its only
// image) and returns it with the archive's RepoTags.
func readDockerArchive(t *testing.T, file string, tag *name.Tag) (v1.Image, []string) {
	t.Helper()
	img, err := tarball.ImageFromPath(file, tag)
	if err != nil {
		t.Fatal(err)
	}
	if err := validate.Image(img); err != nil {
		t.Fatalf("validating %s: %v", file, err)
	}
	m, err := tarball.LoadManifest(func() (io.ReadCloser, error) { return os.Open(file) })
	if err != nil || len(m) != 1 {
		t.Fatalf("manifest.json = %v, %v; want one entry", m, err)
	}
	return img, m[0].RepoTags
}

func TestDockerArchive(t *testing.T) {
	img, idx := randomImage(t), platformIndex(t)
	arm64 := v1.Platform{OS: "linux", Architecture: "arm64"}
	tests := []struct {
		name     string
		tags     []name.Tag
		r        Result
		opts     []Option
		want     Result // the image that must be in the archive
		wantTags []string
	}{
		{"two tags", mustTags(t, "example.com/app:1", "app:latest"), img, nil, img,
			[]string{"app:latest", "example.com/app:1"}},
		{"untagged", nil, img, nil, img, nil},
		{"index picks platform", mustTags(t, "app:1"), idx, []Option{WithPlatform(arm64)},
			indexChild(t, idx, "arm64"), []string{"app:1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "app.tar")
			if err := publishDockerArchive(t, file, tt.tags, tt.r, tt.opts...); err != nil {
				t.Fatal(err)
			}
			var tag *name.Tag
			if len(tt.tags) > 0 {
				tag = &tt.tags[0]
			}
			got, repoTags := readDockerArchive(t, file, tag)
			slices.Sort(repoTags)
			if !slices.Equal(repoTags, tt.wantTags) {
				t.Errorf("RepoTags = %v, want %v", repoTags, tt.wantTags)
			}
			// docker-archive keeps the config, not the manifest's media types.
			if g, w := configName(t, got), configName(t, tt.want.(v1.Image)); g != w {
				t.Errorf("archived image config %s, want %s", g, w)
			}
		})
	}
}

func configName(t *testing.T, img v1.Image) v1.Hash {
	t.Helper()
	h, err := img.ConfigName()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// indexChild returns the image for linux/arch in idx.
func indexChild(t *testing.T, idx v1.ImageIndex, arch string) v1.Image {
	t.Helper()
	im, err := idx.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range im.Manifests {
		if d.Platform != nil && d.Platform.Architecture == arch {
			img, err := idx.Image(d.Digest)
			if err != nil {
				t.Fatal(err)
			}
			return img
		}
	}
	t.Fatalf("no %s image in index", arch)
	return nil
}

func TestDockerArchiveErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "app.tar")
	err := publishDockerArchive(t, file, nil, platformIndex(t), WithPlatform(v1.Platform{OS: "linux", Architecture: "s390x"}))
	want := "writing docker archive " + file + ": selecting platform linux/s390x: the image index has only [linux/amd64, linux/arm64]"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error = %v, want prefix %q", err, want)
	}
	err = publishDockerArchive(t, file, mustTags(t, "app:1"), brokenImage(t))
	if !errors.Is(err, errBrokenLayer) {
		t.Errorf("error = %v, want %v", err, errBrokenLayer)
	}
	if names, _ := os.ReadDir(dir); len(names) != 0 {
		t.Errorf("failed publishes left %v", names)
	}
}

func TestDockerArchiveSkopeo(t *testing.T) {
	skopeo := requireTool(t, "skopeo")
	img := tinyImage(t, "amd64")
	file := filepath.Join(t.TempDir(), "app.tar")
	if err := publishDockerArchive(t, file, mustTags(t, "example.com/app:1"), img); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Architecture string
		Layers       []string
	}
	out := run(t, nil, skopeo, "inspect", "docker-archive:"+file)
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Architecture != "amd64" || len(got.Layers) != 1 {
		t.Errorf("skopeo inspect docker-archive = %s", out)
	}
	out = run(t, nil, skopeo, "inspect", "docker-archive:"+file+":example.com/app:1")
	if !strings.Contains(out, `"Architecture": "amd64"`) {
		t.Errorf("skopeo inspect docker-archive:FILE:REF = %s", out)
	}
}
