package publish

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/imageref"
)

func publishOCIArchive(t *testing.T, file string, tags []string, r Result) error {
	t.Helper()
	p, err := New(imageref.Ref{Kind: OCIArchive, Path: file}, mustTags(t, tags...), quietOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	return p.Publish(context.Background(), r)
}

// untar extracts file into a new directory, checking that entries are sorted
// and carry no owner or time, and returns the directory.
func untar(t *testing.T, file string) string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dir := t.TempDir()
	tr := tar.NewReader(f)
	var names []string
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, h.Name)
		if h.ModTime.Unix() != 0 || h.Uid != 0 || h.Gid != 0 || h.Uname != "" {
			t.Errorf("%s: header %+v is not normalized", h.Name, h)
		}
		path := filepath.Join(dir, h.Name)
		if h.Typeflag == tar.TypeDir {
			if err := os.MkdirAll(path, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !slices.IsSorted(names) {
		t.Errorf("tar entries not sorted: %v", names)
	}
	return dir
}

func TestOCIArchive(t *testing.T) {
	tests := []struct {
		name    string
		tags    []string
		r       Result
		wantRef string
	}{
		{"image with tags", []string{"example.com/app:1", "example.com/app:latest"}, randomImage(t), "example.com/app:1"},
		{"short name", []string{"app:2"}, randomImage(t), "docker.io/library/app:2"},
		{"untagged", nil, randomImage(t), ""},
		{"index", []string{"localhost:5000/multi:1"}, platformIndex(t), "localhost:5000/multi:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "app.tar")
			if err := publishOCIArchive(t, file, tt.tags, tt.r); err != nil {
				t.Fatal(err)
			}
			got := entries(readLayout(t, untar(t, file)))
			want := []entry{{tt.wantRef, digestOf(t, tt.r).String()}}
			if !slices.Equal(got, want) {
				t.Errorf("index.json entries = %v, want %v", got, want)
			}
			assertNoTemp(t, filepath.Dir(file))

			// Same input, same bytes.
			again := filepath.Join(t.TempDir(), "again.tar")
			if err := publishOCIArchive(t, again, tt.tags, tt.r); err != nil {
				t.Fatal(err)
			}
			a, _ := os.ReadFile(file)
			b, _ := os.ReadFile(again)
			if !bytes.Equal(a, b) {
				t.Error("two archives of the same result differ")
			}
		})
	}
}

func TestOCIArchiveFailureLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "app.tar")
	// An earlier good archive stays as it was.
	if err := publishOCIArchive(t, file, nil, randomImage(t)); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(file)
	err := publishOCIArchive(t, file, nil, brokenImage(t))
	if !errors.Is(err, errBrokenLayer) || !strings.HasPrefix(err.Error(), "writing OCI archive "+file+": ") {
		t.Fatalf("error = %v, want the layer's error in context", err)
	}
	after, _ := os.ReadFile(file)
	if !bytes.Equal(before, after) {
		t.Error("a failed publish changed the existing file")
	}
	assertNoTemp(t, dir)

	missing := filepath.Join(dir, "new.tar")
	if err := publishOCIArchive(t, missing, nil, brokenImage(t)); err == nil {
		t.Fatal("publish of a broken image succeeded")
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("partial file left: %v", err)
	}
}

func TestOCIArchiveSkopeo(t *testing.T) {
	skopeo := requireTool(t, "skopeo")
	dir := t.TempDir()
	img := tinyImage(t, "amd64")
	file := filepath.Join(dir, "app.tar")
	if err := publishOCIArchive(t, file, []string{"example.com/app:1"}, img); err != nil {
		t.Fatal(err)
	}
	var got struct{ Digest, Architecture string }
	if err := json.Unmarshal([]byte(run(t, nil, skopeo, "inspect", "oci-archive:"+file)), &got); err != nil {
		t.Fatal(err)
	}
	if want := digestOf(t, img).String(); got.Digest != want {
		t.Errorf("skopeo inspect oci-archive = %+v, want digest %s", got, want)
	}

	multi := filepath.Join(dir, "multi.tar")
	if err := publishOCIArchive(t, multi, []string{"example.com/app:1"}, platformIndex(t)); err != nil {
		t.Fatal(err)
	}
	out := run(t, nil, skopeo, "inspect", "--override-arch", "arm64", "oci-archive:"+multi)
	if err := json.Unmarshal([]byte(out), &got); err != nil || got.Architecture != "arm64" {
		t.Errorf("skopeo inspect --override-arch arm64 oci-archive = %+v, %v", got, err)
	}
}
