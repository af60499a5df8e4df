package build

import (
	"context"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	layoutpkg "github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// A tag is pushed only once every local output is written: an output that
// fails (here a docker archive whose directory is a regular file, as a full
// disk would fail it) leaves no tag in the registry and no layout behind.
func TestRunFailedOutputPushesNoTag(t *testing.T) {
	srv := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	out := t.TempDir()
	notDir := filepath.Join(out, "small")
	if err := os.WriteFile(notDir, []byte("a file, not a directory"), 0o644); err != nil {
		t.Fatal(err)
	}
	layout := filepath.Join(out, "layout")
	o := Options{
		Dir: testProject(t), Base: "oci:" + multiPlatformBase(t) + ":base", Entrypoint: `["/bin/app"]`,
		Tags: []string{host + "/demo:1", host + "/demo:latest"}, Push: true, TempDir: t.TempDir(),
		Outputs:   []string{"oci:" + layout + ":demo", "docker-archive:" + filepath.Join(notDir, "x.tar")},
		Platforms: []string{"linux/amd64"},
	}
	if _, err := Run(context.Background(), quiet(), o); err == nil {
		t.Fatal("the build succeeded although its docker archive cannot be written")
	}
	for _, tag := range o.Tags {
		ref, err := name.ParseReference(tag)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := remote.Head(ref); err == nil {
			t.Errorf("%s was pushed although an output failed", tag)
		}
	}
	if _, err := os.Stat(layout); !os.IsNotExist(err) {
		t.Errorf("the OCI layout %s was left behind (%v)", layout, err)
	}

	// Into a layout that exists, the failed build's tag is taken out
	// again and the image it replaced is tagged as before.
	good := o
	good.Push, good.Outputs, good.Env = false, []string{"oci:" + layout + ":demo"}, []string{"OLD=1"}
	old, err := Run(context.Background(), quiet(), good)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), quiet(), o); err == nil {
		t.Fatal("the build succeeded although its docker archive cannot be written")
	}
	ii, err := layoutpkg.ImageIndexFromPath(layout)
	if err != nil {
		t.Fatal(err)
	}
	im, err := ii.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Manifests) != 1 || im.Manifests[0].Digest != old.Digest {
		t.Errorf("index.json of %s holds %+v, want only the earlier image %s", layout, im.Manifests, old.Digest)
	}
}
