package publish

import (
	"errors"
	"strings"
	"testing"
)

func TestParseTarget(t *testing.T) {
	tests := []struct {
		in   string
		want Target
	}{
		{"daemon", Target{Kind: Daemon}},
		{"oci:out", Target{Kind: OCILayout, Path: "out"}},
		{"oci:out/", Target{Kind: OCILayout, Path: "out/"}},
		{"oci:out:latest", Target{Kind: OCILayout, Path: "out", Tag: "latest"}},
		{"oci:/abs/dir:v1.2.3", Target{Kind: OCILayout, Path: "/abs/dir", Tag: "v1.2.3"}},
		{"oci:a:b:c", Target{Kind: OCILayout, Path: "a:b", Tag: "c"}},
		{"oci:dir:with/slash", Target{Kind: OCILayout, Path: "dir:with/slash"}},
		{"oci:/tmp/x:y/z", Target{Kind: OCILayout, Path: "/tmp/x:y/z"}},
		{"oci:dir:", Target{Kind: OCILayout, Path: "dir:"}},
		{"oci:dir:.hidden", Target{Kind: OCILayout, Path: "dir:.hidden"}},
		{"oci:dir:-x", Target{Kind: OCILayout, Path: "dir:-x"}},
		{"oci:dir:_x", Target{Kind: OCILayout, Path: "dir", Tag: "_x"}},
		{"oci:dir:" + strings.Repeat("a", 128), Target{Kind: OCILayout, Path: "dir", Tag: strings.Repeat("a", 128)}},
		{"oci:dir:" + strings.Repeat("a", 129), Target{Kind: OCILayout, Path: "dir:" + strings.Repeat("a", 129)}},
		{`oci:C:\images\app`, Target{Kind: OCILayout, Path: `C:\images\app`}},
		{"oci-archive:app.tar", Target{Kind: OCIArchive, Path: "app.tar"}},
		{"oci-archive:dir:x/app.tar", Target{Kind: OCIArchive, Path: "dir:x/app.tar"}},
		{"oci-archive:a:b", Target{Kind: OCIArchive, Path: "a:b"}},
		{"docker-archive:app.tar", Target{Kind: DockerArchive, Path: "app.tar"}},
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
			if !errors.Is(err, ErrUsage) {
				t.Errorf("ParseTarget(%q) error %v does not match ErrUsage", tt.in, err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("ParseTarget(%q) error %q, want prefix %q", tt.in, err, tt.want)
			}
		})
	}
}

func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{"daemon", "oci:out", "oci:a:b:c", "oci:x:y/z", "oci-archive:a.tar",
		"docker-archive:b:c.tar", "oci::t", "oci:dir:", "x", ""} {
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
		if got.Kind == Daemon {
			if s != "daemon" || got.Path != "" || got.Tag != "" {
				t.Fatalf("ParseTarget(%q) = %+v", s, got)
			}
			return
		}
		if got.Path == "" {
			t.Fatalf("ParseTarget(%q) = %+v: empty path", s, got)
		}
		if got.Tag != "" && (got.Kind != OCILayout || !layoutTag.MatchString(got.Tag)) {
			t.Fatalf("ParseTarget(%q) = %+v: bad tag", s, got)
		}
		// Parsing is lossless: the input is the target's canonical form.
		if got.String() != s {
			t.Fatalf("ParseTarget(%q).String() = %q", s, got.String())
		}
		// And the canonical form parses back to the same target.
		again, err := ParseTarget(got.String())
		if err != nil || again != got {
			t.Fatalf("ParseTarget(%q) = %+v, %v; want %+v", got.String(), again, err, got)
		}
	})
}
