package imageref

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
)

func TestParse(t *testing.T) {
	long := strings.Repeat("a", 128)
	tests := []struct {
		in        string
		kind      Kind
		path, tag string
		name      string // Reference.Name() of a registry reference
	}{
		{"daemon", Daemon, "", "", ""},
		{"oci:out", OCILayout, "out", "", ""},
		{"oci:out/", OCILayout, "out/", "", ""},
		{"oci:out:latest", OCILayout, "out", "latest", ""},
		{"oci:/abs/dir:v1.2.3", OCILayout, "/abs/dir", "v1.2.3", ""},
		{"oci:a:b:c", OCILayout, "a:b", "c", ""},
		{"oci:dir:with/slash", OCILayout, "dir:with/slash", "", ""},
		{"oci:dir:bad/tag", OCILayout, "dir:bad/tag", "", ""},
		{"oci:/tmp/x:y/z", OCILayout, "/tmp/x:y/z", "", ""},
		{"oci:/tmp/a:b/out:latest", OCILayout, "/tmp/a:b/out", "latest", ""},
		{"oci:dir:", OCILayout, "dir:", "", ""},
		{"oci:dir::", OCILayout, "dir::", "", ""},
		{"oci::", OCILayout, ":", "", ""},
		{"oci:dir:.hidden", OCILayout, "dir:.hidden", "", ""},
		{"oci:dir:-x", OCILayout, "dir:-x", "", ""},
		{"oci:dir:_x", OCILayout, "dir", "_x", ""},
		{"oci:C:x", OCILayout, "C", "x", ""},
		{"oci:dir:" + long, OCILayout, "dir", long, ""},
		{"oci:dir:" + long + "a", OCILayout, "dir:" + long + "a", "", ""},
		{`oci:C:\images\app`, OCILayout, `C:\images\app`, "", ""},
		{"oci:daemon", OCILayout, "daemon", "", ""},
		{"oci-archive:app.tar", OCIArchive, "app.tar", "", ""},
		{"oci-archive:dir:x/app.tar", OCIArchive, "dir:x/app.tar", "", ""},
		{"oci-archive:a:b", OCIArchive, "a:b", "", ""},
		{"docker-archive:app.tar", DockerArchive, "app.tar", "", ""},
		{"docker-archive:/x/y:z.tar", DockerArchive, "/x/y:z.tar", "", ""},
		{"docker-archive:app.tar:latest", DockerArchive, "app.tar:latest", "", ""},
		{"ghcr.io/me/app:1.2", Registry, "", "", "ghcr.io/me/app:1.2"},
		{"python:3.12", Registry, "", "", "index.docker.io/library/python:3.12"},
		{"x", Registry, "", "", "index.docker.io/library/x:latest"},
		{"bogus:x", Registry, "", "", "index.docker.io/library/bogus:x"},
		{"localhost:5000/app", Registry, "", "", "localhost:5000/app:latest"},
		{"reg.example:5000/a/b@sha256:" + strings.Repeat("0", 64), Registry, "", "", "reg.example:5000/a/b@sha256:" + strings.Repeat("0", 64)},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			var gotName string
			if got.Reference != nil {
				gotName = got.Reference.Name()
			}
			if got.Kind != tt.kind || got.Path != tt.path || got.Tag != tt.tag || gotName != tt.name {
				t.Errorf("Parse(%q) = %v %q %q %q, want %v %q %q %q",
					tt.in, got.Kind, got.Path, got.Tag, gotName, tt.kind, tt.path, tt.tag, tt.name)
			}
			if got.String() != tt.in {
				t.Errorf("Parse(%q).String() = %q", tt.in, got.String())
			}
			if got.IsLocal() != (tt.path != "") {
				t.Errorf("Parse(%q).IsLocal() = %v", tt.in, got.IsLocal())
			}
		})
	}
}

var outputs = []Option{Role("output"), Kinds(OCILayout, OCIArchive, DockerArchive, Daemon)}
var bases = []Option{Role("base image"), Kinds(Registry, OCILayout, OCIArchive, DockerArchive)}

func TestParseErrors(t *testing.T) {
	const outForms = "use oci:DIR[:TAG], oci-archive:FILE, docker-archive:FILE or daemon"
	const baseForms = "use NAME[:TAG|@DIGEST], oci:DIR[:TAG], oci-archive:FILE or docker-archive:FILE"
	tests := []struct {
		in   string
		opts []Option
		want string
	}{
		{"x", outputs, `unknown output "x": ` + outForms},
		{"", outputs, `unknown output "": ` + outForms},
		{"Daemon", outputs, `unknown output "Daemon": `},
		{"daemon:", outputs, `unknown output "daemon:": `},
		{"registry:x", outputs, `unknown output "registry:x": `},
		{"ghcr.io/me/app:1", outputs, `unknown output "ghcr.io/me/app:1": `},
		{"OCI:dir", outputs, `unknown output "OCI:dir": `},
		{"oci:", outputs, `output "oci:" has no DIR: ` + outForms},
		{"oci::tag", outputs, `output "oci::tag" has no DIR: `},
		{"oci-archive:", outputs, `output "oci-archive:" has no FILE: `},
		{"docker-archive:", outputs, `output "docker-archive:" has no FILE: `},
		{"daemon", bases, `base image "daemon" cannot be the Docker daemon: ` + baseForms},
		{"oci:", bases, `base image "oci:" has no DIR: ` + baseForms},
		{"Foo", bases, `base image "Foo" is not an image reference (`},
		{"", bases, `base image "" is not an image reference (`},
		{"a:b:c", bases, `base image "a:b:c" is not an image reference (`},
		{"oci:x", []Option{Kinds(Registry)}, `image "oci:x" cannot be an OCI layout: use NAME[:TAG|@DIGEST]`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := Parse(tt.in, tt.opts...)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q) error = %v, want an *Error", tt.in, err)
			}
			if e.Value != tt.in || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("Parse(%q) error %q, want prefix %q", tt.in, err, tt.want)
			}
		})
	}
}

func TestParseNameOptions(t *testing.T) {
	for _, tt := range []struct {
		opts   []Option
		scheme string
	}{
		{nil, "https"},
		{[]Option{NameOptions(name.Insecure)}, "http"},
	} {
		r, err := Parse("reg.example/app:1", tt.opts...)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Reference.Context().Scheme(); got != tt.scheme {
			t.Errorf("scheme = %s, want %s", got, tt.scheme)
		}
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		ref  Ref
		want string // error prefix, "" for none
	}{
		{Ref{Kind: OCILayout, Path: "a:b"}, ""},
		{Ref{Kind: Daemon}, ""},
		{Ref{Kind: OCILayout}, `output "oci:" has no DIR`},
		{Ref{Kind: DockerArchive}, `output "docker-archive:" has no FILE`},
		{Ref{}, `unknown output "Kind(0):"`},
		{Ref{Kind: Registry, Reference: name.MustParseReference("x")}, `unknown output "x"`},
	}
	for _, tt := range tests {
		err := tt.ref.Check(outputs...)
		if (tt.want == "") != (err == nil) || err != nil && !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%+v.Check() = %v, want %q", tt.ref, err, tt.want)
		}
	}
	if err := (Ref{Kind: Registry}).Check(); err == nil || !strings.Contains(err.Error(), "has no NAME") {
		t.Errorf("a Registry Ref without a Reference: %v", err)
	}
}

func TestForms(t *testing.T) {
	tests := []struct {
		kinds []Kind
		want  string
	}{
		{nil, ""},
		{[]Kind{Daemon}, "daemon"},
		{[]Kind{OCIArchive, Daemon}, "oci-archive:FILE or daemon"},
		{AllKinds, "NAME[:TAG|@DIGEST], oci:DIR[:TAG], oci-archive:FILE, docker-archive:FILE or daemon"},
	}
	for _, tt := range tests {
		if got := Forms(tt.kinds...); got != tt.want {
			t.Errorf("Forms(%v) = %q, want %q", tt.kinds, got, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"daemon", "oci:out", "oci:a:b:c", "oci:x:y/z", "oci:dir:bad/tag", "oci-archive:a.tar",
		"docker-archive:b:c.tar", "oci::t", "oci:dir:", "x", "", "ghcr.io/a/b:1", "localhost:5000/x@sha256:" + strings.Repeat("1", 64)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, opts := range [][]Option{nil, outputs, bases} {
			got, err := Parse(s, opts...)
			if err != nil {
				var e *Error
				if !errors.As(err, &e) || e.Value != s {
					t.Fatalf("Parse(%q) error %v is not an *Error naming the value", s, err)
				}
				continue
			}
			if got.IsLocal() && got.Path == "" || got.Tag != "" && (got.Kind != OCILayout || !layoutTag.MatchString(got.Tag)) {
				t.Fatalf("Parse(%q) = %+v", s, got)
			}
			// Parsing is lossless, and the canonical form parses back
			// to the same Ref.
			if got.String() != s {
				t.Fatalf("Parse(%q).String() = %q", s, got.String())
			}
			again, err := Parse(got.String(), opts...)
			if err != nil || again != got {
				t.Fatalf("Parse(%q) = %+v, %v; want %+v", got.String(), again, err, got)
			}
			if err := got.Check(opts...); err != nil {
				t.Fatalf("Parse(%q).Check(): %v", s, err)
			}
		}
	})
}
