package publish

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/imageref"
	"github.com/pyko-dev/pyko/internal/usage"
)

func TestNew(t *testing.T) {
	tests := []struct {
		target  imageref.Ref
		want    string
		wantErr string
	}{
		{imageref.Ref{Kind: OCILayout, Path: "out", Tag: "v1"}, "oci:out:v1", ""},
		{imageref.Ref{Kind: OCIArchive, Path: "a.tar"}, "oci-archive:a.tar", ""},
		{imageref.Ref{Kind: DockerArchive, Path: "d.tar"}, "docker-archive:d.tar", ""},
		{imageref.Ref{Kind: Daemon}, "daemon unix:///var/run/docker.sock", ""},
		{imageref.Ref{Kind: OCILayout}, "", `output "oci:" has no DIR`},
		{imageref.Ref{Kind: DockerArchive}, "", `output "docker-archive:" has no FILE`},
		{imageref.Ref{}, "", "unknown output kind 0"},
	}
	for _, tt := range tests {
		t.Run(tt.target.String(), func(t *testing.T) {
			p, err := New(tt.target, nil)
			if tt.wantErr != "" {
				if err == nil || !usage.Is(err) || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Fatalf("New(%+v) error = %v, want %q , a usage error", tt.target, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.String() != tt.want {
				t.Errorf("String() = %q, want %q", p.String(), tt.want)
			}
		})
	}
}

func TestMulti(t *testing.T) {
	dir := t.TempDir()
	newP := func(s string) Publisher {
		t.Helper()
		target, err := ParseOutput(s)
		if err != nil {
			t.Fatal(err)
		}
		p, err := New(target, mustTags(t, "app:1"), quietOptions()...)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	first := filepath.Join(dir, "first")
	bad := filepath.Join(dir, "missing", "dir", "x.tar") // its parent does not exist
	third := filepath.Join(dir, "third.tar")
	m := Multi{newP("oci:" + first), newP("docker-archive:" + bad), newP("oci-archive:" + third)}
	if got, want := m.String(), "oci:"+first+", docker-archive:"+bad+", oci-archive:"+third; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	err := m.Publish(context.Background(), randomImage(t))
	if err == nil || !strings.HasPrefix(err.Error(), "writing docker archive "+bad) {
		t.Fatalf("error = %v, want the docker-archive error", err)
	}
	if _, err := os.Stat(filepath.Join(first, "index.json")); err != nil {
		t.Errorf("first output missing: %v", err)
	}
	if _, err := os.Stat(third); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("output after the failure was written: %v", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := m.Publish(ctx, randomImage(t)); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled publish error = %v", err)
	}
}

func TestPublishRejectsOtherResults(t *testing.T) {
	p, err := New(imageref.Ref{Kind: OCILayout, Path: filepath.Join(t.TempDir(), "out")}, nil, quietOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	layer := randomLayerResult(t)
	if err := p.Publish(context.Background(), layer); err == nil || !strings.Contains(err.Error(), "not an image or image index") {
		t.Errorf("error = %v", err)
	}
}
