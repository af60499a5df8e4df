package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/random"
)

// labeledBase is a one-platform base whose config has its own labels and
// creation time, as a published base has.
func labeledBase(t *testing.T, created time.Time, refName string) string {
	t.Helper()
	img, err := random.Image(64, 1)
	if err != nil {
		t.Fatal(err)
	}
	cf, _ := img.ConfigFile()
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture, cf.Created = "linux", "amd64", v1.Time{Time: created}
	cf.Config.Labels = map[string]string{"org.opencontainers.image.title": "python", "org.opencontainers.image.version": "3.12", "vendor": "base"}
	if img, err = mutate.ConfigFile(img, cf); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.AppendImage(img, layout.WithAnnotations(map[string]string{"org.opencontainers.image.ref.name": refName})); err != nil {
		t.Fatal(err)
	}
	return "oci:" + dir + ":" + refName[strings.LastIndex(refName, ":")+1:]
}

// TestLabelsFollowAnnotations: on a base with labels of its own, the
// image's org.opencontainers.image.* labels are its annotations (from
// [project], outside git too), --annotation adds one, a --label of an OCI
// key sets both, and "created" is the base's creation time, the newest
// input's date, as label and annotation. --healthcheck sets the
// config's exec-form health check.
func TestLabelsFollowAnnotations(t *testing.T) {
	created := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "main.py"), []byte("print('hi')\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "pyproject.toml"), []byte(`[project]
name = "demo"
version = "1.0"
description = "A demo.\nSecond line."
license = "MIT"
[project.urls]
Homepage = "https://demo.example"
"Source Code" = "https://git.example/demo"
`), 0o644)
	out := filepath.Join(t.TempDir(), "oci")
	o := Options{Dir: dir, Base: labeledBase(t, created, "ghcr.io/example/python:3.12"), Entrypoint: `["/bin/app"]`, Outputs: []string{"oci:" + out + ":demo"},
		Annotations: []string{"com.example.team=py"}, Labels: []string{"org.opencontainers.image.version=9"},
		Healthcheck: `["/bin/app", "--check"]`, TempDir: t.TempDir()}
	res, err := Run(context.Background(), quiet(), o)
	if err != nil {
		t.Fatal(err)
	}
	cf, err := res.Image.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	m, err := res.Image.Manifest()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"org.opencontainers.image.title":       "demo",
		"org.opencontainers.image.version":     "9",
		"org.opencontainers.image.description": "A demo.",
		"org.opencontainers.image.licenses":    "MIT",
		"org.opencontainers.image.url":         "https://demo.example",
		"org.opencontainers.image.source":      "https://git.example/demo",
		"org.opencontainers.image.created":     "2024-01-02T03:04:05Z",
		// The local base is a copy of this registry image, its layout says.
		"org.opencontainers.image.base.name": "ghcr.io/example/python:3.12",
	}
	for k, v := range want {
		if cf.Config.Labels[k] != v || m.Annotations[k] != v {
			t.Errorf("%s: label %q, annotation %q, want %q", k, cf.Config.Labels[k], m.Annotations[k], v)
		}
	}
	if cf.Config.Labels["vendor"] != "base" || m.Annotations["com.example.team"] != "py" {
		t.Errorf("labels %v, annotations %v", cf.Config.Labels, m.Annotations)
	}
	if hc := cf.Config.Healthcheck; hc == nil || strings.Join(hc.Test, " ") != "CMD /bin/app --check" {
		t.Errorf("healthcheck %+v", hc)
	}
	if !cf.Created.Time.Equal(created) {
		t.Errorf("created %s, want the base's %s", cf.Created.Time, created)
	}
}

func TestHealthcheckFlag(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string
		bad  bool
	}{
		{"", "", false},
		{"NONE", "NONE", false},
		{`["/app/venv/bin/python", "-c", "print(1)"]`, "CMD /app/venv/bin/python -c print(1)", false},
		{"curl -f http://localhost", "", true},
		{`[]`, "", true},
		{`[""]`, "", true},
	} {
		got, err := healthcheck(tt.in)
		if (err != nil) != tt.bad || strings.Join(got, " ") != tt.want {
			t.Errorf("healthcheck(%q) = %q, %v", tt.in, got, err)
		}
		if err != nil && !strings.Contains(err.Error(), "JSON array") {
			t.Errorf("healthcheck(%q): %v does not say what to give", tt.in, err)
		}
	}
}

// A local base whose layout names no registry image has no base.name:
// its path is machine-specific.
func TestLocalBaseWithoutOrigin(t *testing.T) {
	out := filepath.Join(t.TempDir(), "oci")
	o := Options{Dir: testProject(t), Base: labeledBase(t, time.Unix(0, 0), "base"), Entrypoint: `["/bin/app"]`,
		Outputs: []string{"oci:" + out + ":demo"}, TempDir: t.TempDir()}
	res, err := Run(context.Background(), quiet(), o)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := res.Image.Manifest()
	if n, ok := m.Annotations["org.opencontainers.image.base.name"]; ok || m.Annotations["org.opencontainers.image.base.digest"] == "" {
		t.Errorf("base.name %q, base.digest %q", n, m.Annotations["org.opencontainers.image.base.digest"])
	}
}

// A build given no output keeps the image in an OCI layout under the
// cache, named after the project directory.
func TestNoOutputKeepsTheImage(t *testing.T) {
	cache := t.TempDir()
	dir := testProject(t)
	o := Options{Dir: dir, Base: labeledBase(t, time.Unix(0, 0), "base"), Entrypoint: `["/bin/app"]`, CacheDir: cache, TempDir: t.TempDir()}
	res, err := Run(context.Background(), quiet(), o)
	if err != nil {
		t.Fatal(err)
	}
	p, err := layout.FromPath(filepath.Join(cache, "images", filepath.Base(dir)))
	if err != nil {
		t.Fatal(err)
	}
	idx, err := p.ImageIndex()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := idx.Image(res.Digest); err != nil {
		t.Errorf("the image %s is not in the cache's layout: %v", res.Digest, err)
	}
}
