package publish

import (
	"context"
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
