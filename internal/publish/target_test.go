package publish

import (
	"errors"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/imageref"
)

// imageref's tests cover the grammar; these check what ParseTarget adds:
// only output kinds, and errors that match ErrUsage.
func TestParseTarget(t *testing.T) {
	tests := []struct {
		in   string
		want Target
	}{
		{"daemon", Target{Kind: Daemon}},
		{"oci:out:latest", Target{Kind: OCILayout, Path: "out", Tag: "latest"}},
		{"oci:a:b:c", Target{Kind: OCILayout, Path: "a:b", Tag: "c"}},
		{"oci:dir:with/slash", Target{Kind: OCILayout, Path: "dir:with/slash"}},
		{"oci-archive:dir:x/app.tar", Target{Kind: OCIArchive, Path: "dir:x/app.tar"}},
		{"docker-archive:/x/y:z.tar", Target{Kind: DockerArchive, Path: "/x/y:z.tar"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseTarget(tt.in)
			if err != nil {
				t.Fatalf("ParseTarget(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseTarget(%q) = %+v, want %+v", tt.in, got, tt.want)
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
			_, err := ParseTarget(tt.in)
			if err == nil {
				t.Fatalf("ParseTarget(%q) succeeded", tt.in)
			}
			var e *imageref.Error
			if !errors.Is(err, ErrUsage) || !errors.As(err, &e) {
				t.Errorf("ParseTarget(%q) error %v does not match ErrUsage and *imageref.Error", tt.in, err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("ParseTarget(%q) error %q, want prefix %q", tt.in, err, tt.want)
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
		got, err := ParseTarget(s)
		if err != nil {
			if !errors.Is(err, ErrUsage) {
				t.Fatalf("ParseTarget(%q) error %v does not match ErrUsage", s, err)
			}
			return
		}
		if got.Kind == imageref.Registry || got.String() != s {
			t.Fatalf("ParseTarget(%q) = %+v", s, got)
		}
		if _, err := New(got, nil); err != nil {
			t.Fatalf("New(ParseTarget(%q)): %v", s, err)
		}
	})
}
