package publish

import (
	"errors"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/imageref"
	"github.com/pyko-dev/pyko/internal/usage"
)

// imageref's tests cover the grammar; these check what ParseOutput adds:
// only output kinds, and errors that are usage errors.
func TestParseTarget(t *testing.T) {
	tests := []struct {
		in   string
		want imageref.Ref
	}{
		{"daemon", imageref.Ref{Kind: Daemon}},
		{"oci:out:latest", imageref.Ref{Kind: OCILayout, Path: "out", Tag: "latest"}},
		{"oci:a:b:c", imageref.Ref{Kind: OCILayout, Path: "a:b", Tag: "c"}},
		{"oci:dir:with/slash", imageref.Ref{Kind: OCILayout, Path: "dir:with/slash"}},
		{"oci-archive:dir:x/app.tar", imageref.Ref{Kind: OCIArchive, Path: "dir:x/app.tar"}},
		{"docker-archive:/x/y:z.tar", imageref.Ref{Kind: DockerArchive, Path: "/x/y:z.tar"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseOutput(tt.in)
			if err != nil {
				t.Fatalf("ParseOutput(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseOutput(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseTargetErrors(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"x", `unknown output "x": use oci:DIR[:TAG], oci-archive:FILE, docker-archive:FILE or daemon`},
		{"", `unknown output "": use`},
		{"Daemon", `unknown output "Daemon"`},
		{"daemon:", `unknown output "daemon:"`},
		{"docker:app", `unknown output "docker:app"`},
		{"registry:x", `unknown output "registry:x"`},
		{"tar:app.tar", `unknown output "tar:app.tar"`},
		{"ghcr.io/me/app:1", `unknown output "ghcr.io/me/app:1"`},
		{"oci:", `output "oci:" has no DIR`},
		{"oci::tag", `output "oci::tag" has no DIR`},
		{"oci-archive:", `output "oci-archive:" has no FILE`},
		{"docker-archive:", `output "docker-archive:" has no FILE`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseOutput(tt.in)
			if err == nil {
				t.Fatalf("ParseOutput(%q) succeeded", tt.in)
			}
			var e *imageref.Error
			if !usage.Is(err) || !errors.As(err, &e) {
				t.Errorf("ParseOutput(%q) error %v does not are usage errors and *imageref.Error", tt.in, err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("ParseOutput(%q) error %q, want prefix %q", tt.in, err, tt.want)
			}
		})
	}
}

func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{"daemon", "oci:out", "oci:a:b:c", "oci:x:y/z", "oci-archive:a.tar",
		"docker-archive:b:c.tar", "oci::t", "oci:dir:", "x", "", "ghcr.io/a/b:1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseOutput(s)
		if err != nil {
			if !usage.Is(err) {
				t.Fatalf("ParseOutput(%q) error %v does not are usage errors", s, err)
			}
			return
		}
		if got.Kind == imageref.Registry || got.String() != s {
			t.Fatalf("ParseOutput(%q) = %+v", s, got)
		}
		if _, err := New(got, nil); err != nil {
			t.Fatalf("New(ParseOutput(%q)): %v", s, err)
		}
	})
}
