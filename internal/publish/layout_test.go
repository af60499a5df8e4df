package publish

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/validate"

	"github.com/pyko-dev/pyko/internal/imageref"
)

func publishLayout(t *testing.T, dir, tag string, r Result) error {
	t.Helper()
	p, err := New(imageref.Ref{Kind: OCILayout, Path: dir, Tag: tag}, nil, quietOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	return p.Publish(context.Background(), r)
}

// readLayout validates the layout at dir and returns its index.json entries.
func readLayout(t *testing.T, dir string) []v1.Descriptor {
	t.Helper()
	ii, err := layout.ImageIndexFromPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := validate.Index(ii); err != nil {
		t.Fatalf("validating layout %s: %v", dir, err)
	}
	im, err := ii.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "oci-layout")); err != nil || string(b) != ociLayoutFile {
		t.Errorf("oci-layout = %q, %v", b, err)
	}
	return im.Manifests
}

func digestOf(t *testing.T, r Result) v1.Hash {
	t.Helper()
	d, err := r.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

type entry struct{ ref, digest string }

func entries(ds []v1.Descriptor) []entry {
	var out []entry
	for _, d := range ds {
		out = append(out, entry{d.Annotations[refNameAnnotation], d.Digest.String()})
	}
	return out
}

func TestLayout(t *testing.T) {
	img1, img2 := randomImage(t), randomImage(t)
	idx, err := random.Index(256, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	d1, d2, di := digestOf(t, img1).String(), digestOf(t, img2).String(), digestOf(t, idx).String()
	type step struct {
		tag string
		r   Result
	}
	tests := []struct {
		name  string
		steps []step
		want  []entry
	}{
		{"new tagged", []step{{"v1", img1}}, []entry{{"v1", d1}}},
		{"new untagged", []step{{"", img1}}, []entry{{"", d1}}},
		{"add to existing", []step{{"a", img1}, {"b", img2}}, []entry{{"a", d1}, {"b", d2}}},
		{"same tag replaces", []step{{"x", img1}, {"x", img2}}, []entry{{"x", d2}}},
		{"same untagged once", []step{{"", img1}, {"", img1}}, []entry{{"", d1}}},
		{"tagged and untagged", []step{{"", img1}, {"t", img1}}, []entry{{"", d1}, {"t", d1}}},
		{"index", []step{{"multi", idx}}, []entry{{"multi", di}}},
		{"index next to image", []step{{"one", img1}, {"multi", idx}}, []entry{{"one", d1}, {"multi", di}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "out")
			for _, s := range tt.steps {
				if err := publishLayout(t, dir, s.tag, s.r); err != nil {
					t.Fatal(err)
				}
			}
			got := entries(readLayout(t, dir))
			if len(got) != len(tt.want) {
				t.Fatalf("index.json entries = %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("index.json entries = %v, want %v", got, tt.want)
				}
			}
			assertNoTemp(t, parent)
		})
	}
}

func TestLayoutIntoEmptyDirAndKeepsUnknownFields(t *testing.T) {
	dir := t.TempDir()
	if err := publishLayout(t, dir, "a", randomImage(t)); err != nil {
		t.Fatal(err)
	}
	// A field pyko does not know survives an update.
	path := filepath.Join(dir, "index.json")
	var fields map[string]any
	b, _ := os.ReadFile(path)
	if err := json.Unmarshal(b, &fields); err != nil {
		t.Fatal(err)
	}
	fields["annotations"] = map[string]string{"keep": "me"}
	b, _ = json.Marshal(fields)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := publishLayout(t, dir, "b", randomImage(t)); err != nil {
		t.Fatal(err)
	}
	if got := len(readLayout(t, dir)); got != 2 {
		t.Errorf("%d entries, want 2", got)
	}
	b, _ = os.ReadFile(path)
	if !strings.Contains(string(b), `"keep":"me"`) {
		t.Errorf("index.json lost its annotations: %s", b)
	}
}

func TestLayoutRefusesOtherDirs(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	err := publishLayout(t, dir, "", randomImage(t))
	if err == nil || !strings.Contains(err.Error(), "not an OCI layout") {
		t.Fatalf("error = %v, want not an OCI layout", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "blobs")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("blobs written into a non-layout dir: %v", err)
	}
}

func TestLayoutFailureLeavesNothing(t *testing.T) {
	t.Run("new", func(t *testing.T) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "out")
		err := publishLayout(t, dir, "v1", brokenImage(t))
		if !errors.Is(err, errBrokenLayer) || !strings.HasPrefix(err.Error(), "writing OCI layout "+dir+": ") {
			t.Fatalf("error = %v, want the layer's error in context", err)
		}
		if names, _ := os.ReadDir(parent); len(names) != 0 {
			t.Errorf("left behind: %v", names)
		}
	})
	t.Run("existing", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "out")
		if err := publishLayout(t, dir, "v1", randomImage(t)); err != nil {
			t.Fatal(err)
		}
		before, _ := os.ReadFile(filepath.Join(dir, "index.json"))
		if err := publishLayout(t, dir, "v1", brokenImage(t)); !errors.Is(err, errBrokenLayer) {
			t.Fatalf("error = %v, want %v", err, errBrokenLayer)
		}
		after, _ := os.ReadFile(filepath.Join(dir, "index.json"))
		if string(before) != string(after) {
			t.Errorf("index.json changed by a failed publish:\n%s\n%s", before, after)
		}
		readLayout(t, dir)
		assertNoTemp(t, dir)
	})
}

func TestLayoutRealClients(t *testing.T) {
	skopeo := requireTool(t, "skopeo")
	umoci := requireTool(t, "umoci")
	dir := filepath.Join(t.TempDir(), "out")
	img := tinyImage(t, "amd64")
	if err := publishLayout(t, dir, "v1", img); err != nil {
		t.Fatal(err)
	}
	if err := publishLayout(t, dir, "multi", platformIndex(t)); err != nil {
		t.Fatal(err)
	}

	var got struct{ Digest, Architecture string }
	if err := json.Unmarshal([]byte(run(t, nil, skopeo, "inspect", "oci:"+dir+":v1")), &got); err != nil {
		t.Fatal(err)
	}
	if want := digestOf(t, img).String(); got.Digest != want || got.Architecture != "amd64" {
		t.Errorf("skopeo inspect oci:DIR:v1 = %+v, want digest %s on amd64", got, want)
	}
	got.Architecture = ""
	out := run(t, nil, skopeo, "inspect", "--override-arch", "arm64", "oci:"+dir+":multi")
	if err := json.Unmarshal([]byte(out), &got); err != nil || got.Architecture != "arm64" {
		t.Errorf("skopeo inspect --override-arch arm64 oci:DIR:multi = %+v, %v", got, err)
	}

	ls := run(t, nil, umoci, "ls", "--layout", dir)
	if ls != "multi\nv1\n" && ls != "v1\nmulti\n" {
		t.Errorf("umoci ls = %q, want v1 and multi", ls)
	}
	stat := run(t, nil, umoci, "stat", "--image", dir+":v1", "--json")
	if !strings.Contains(stat, `"history"`) {
		t.Errorf("umoci stat = %s", stat)
	}
}
