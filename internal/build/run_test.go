package build

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/validate"

	"github.com/pyko-dev/pyko/internal/usage"
)

// multiPlatformBase writes an OCI layout holding an index of two random
// images, for linux/amd64 and linux/arm64, tagged "base".
func multiPlatformBase(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	var idx v1.ImageIndex = empty.Index
	for _, arch := range []string{"amd64", "arm64"} {
		img, err := random.Image(64, 1)
		if err != nil {
			t.Fatal(err)
		}
		cf, _ := img.ConfigFile()
		cf = cf.DeepCopy()
		cf.OS, cf.Architecture = "linux", arch
		if img, err = mutate.ConfigFile(img, cf); err != nil {
			t.Fatal(err)
		}
		idx = mutate.AppendManifests(idx, mutate.IndexAddendum{Add: img, Descriptor: v1.Descriptor{
			Platform: &v1.Platform{OS: "linux", Architecture: arch}}})
	}
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.AppendIndex(idx, layout.WithAnnotations(map[string]string{"org.opencontainers.image.ref.name": "base"})); err != nil {
		t.Fatal(err)
	}
	return dir
}

func testProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "main.py"), []byte("print('hi')\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "pyproject.toml"), []byte("[project]\nname = \"demo\"\nversion = \"1.0\"\n[tool.pyko]\nlabels = { team = \"py\" }\n"), 0o644)
	return dir
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestRunMultiPlatform(t *testing.T) {
	base := multiPlatformBase(t)
	srv := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	out := t.TempDir()
	meta := filepath.Join(out, "meta.json")
	o := Options{
		Dir: testProject(t), Base: "oci:" + base + ":base", Entrypoint: `["/bin/app"]`,
		Tags: []string{host + "/demo:1"}, Push: true, Outputs: []string{"oci:" + filepath.Join(out, "layout") + ":demo"},
		MetadataFile: meta, Created: time.Unix(1700000000, 0), TempDir: t.TempDir(),
	}
	res, err := Run(context.Background(), quiet(), o)
	if err != nil {
		t.Fatal(err)
	}
	if res.Index == nil || len(res.Platforms) != 2 {
		t.Fatalf("want an index of 2 platforms, got %+v", res)
	}
	ref, err := name.ParseReference(host + "/demo:1")
	if err != nil {
		t.Fatal(err)
	}
	pushed, err := remote.Index(ref)
	if err != nil {
		t.Fatal(err)
	}
	if err := validate.Index(pushed); err != nil {
		t.Fatal(err)
	}
	if d, _ := pushed.Digest(); d != res.Digest {
		t.Errorf("pushed %s, built %s", d, res.Digest)
	}
	for _, p := range res.Platforms {
		cf, _ := p.Image.ConfigFile()
		if cf.Architecture != p.Platform.Architecture || cf.Config.User != "65532:65532" ||
			cf.Config.WorkingDir != "/app" || cf.Config.Labels["team"] != "py" || cf.Config.Entrypoint[0] != "/bin/app" {
			t.Errorf("%s config %+v", p.Platform, cf.Config)
		}
		m, _ := p.Image.Manifest()
		if m.Annotations["org.opencontainers.image.title"] != "demo" || m.Annotations["org.opencontainers.image.created"] != "2023-11-14T22:13:20Z" {
			t.Errorf("annotations %v", m.Annotations)
		}
		if _, ok := m.Annotations["org.opencontainers.image.base.name"]; ok {
			t.Error("a local base must not be named: its path is machine-specific")
		}
	}
	var md Metadata
	b, err := os.ReadFile(meta)
	if err != nil || json.Unmarshal(b, &md) != nil {
		t.Fatalf("metadata: %v %s", err, b)
	}
	if md.Digest != res.Digest.String() || len(md.Platforms) != 2 || len(md.Platforms[0].Layers) != 4 {
		t.Errorf("metadata %+v", md)
	}
	var size int64
	for _, l := range md.Platforms[0].Layers {
		size += l.Size
	}
	if tm := md.Timings; md.Platforms[0].Size != size || size == 0 || tm.Total <= 0 || tm.Execute <= 0 || tm.Plan < 0 || tm.Plan+tm.Execute > tm.Total {
		t.Errorf("metadata sizes and timings: size %d (layers %d), %+v", md.Platforms[0].Size, size, tm)
	}

	// --platform picks one platform: an image, not an index.
	o.Platforms, o.Outputs, o.Push, o.MetadataFile = []string{"linux/arm64"}, nil, false, ""
	one, err := Run(context.Background(), quiet(), o)
	if err != nil {
		t.Fatal(err)
	}
	if one.Image == nil || one.Platforms[0].Platform.Architecture != "arm64" {
		t.Fatalf("want one arm64 image, got %+v", one)
	}
	o.Platforms = []string{"linux/s390x"}
	if _, err := Run(context.Background(), quiet(), o); err == nil || !strings.Contains(err.Error(), "no linux/s390x image") {
		t.Fatalf("err = %v", err)
	}
}

func TestRunPushFailsLeavesNoTag(t *testing.T) {
	srv := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	host := strings.TrimPrefix(srv.URL, "http://")
	srv.Close() // the registry is down
	o := Options{
		Dir: testProject(t), Base: "oci:" + multiPlatformBase(t) + ":base", Entrypoint: `["/bin/app"]`,
		Tags: []string{host + "/demo:1"}, Push: true, TempDir: t.TempDir(),
	}
	_, err := Run(context.Background(), quiet(), o)
	if err == nil || !strings.Contains(err.Error(), host) {
		t.Fatalf("err = %v", err)
	}
}

// TestBadBaseIsUsage: a --base that is no image location at all is the
// user's mistake (exit 2), not a failed build.
func TestBadBaseIsUsage(t *testing.T) {
	o := Options{Dir: testProject(t), Base: "Not An Image", TempDir: t.TempDir(), CacheDir: t.TempDir()}
	_, err := Run(context.Background(), quiet(), o)
	if !usage.Is(err) || !strings.Contains(err.Error(), "Not An Image") {
		t.Fatalf("err = %v (usage %v)", err, usage.Is(err))
	}
}
