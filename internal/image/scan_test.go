package image

import (
	"archive/tar"
	"bytes"
	"context"
	"io"
	"slices"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

type tf struct {
	name, content string
	dir           bool
}

func tarLayer(t *testing.T, files ...tf) v1.Layer {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, f := range files {
		h := &tar.Header{Name: f.name, Mode: 0o644, Size: int64(len(f.content)), Typeflag: tar.TypeReg}
		if f.dir {
			h.Typeflag, h.Size = tar.TypeDir, 0
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		io.WriteString(tw, f.content)
	}
	tw.Close()
	b := buf.Bytes()
	l, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil })
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestScanWhiteouts(t *testing.T) {
	img, err := mutate.AppendLayers(empty.Image,
		tarLayer(t, tf{name: "etc/passwd", content: "root:x:0:0::/root:/bin/sh\n"},
			tf{name: "usr/bin/python3.9", content: "elf"}, tf{name: "usr/local/bin/python3.10", content: "elf"},
			tf{name: "etc/ssl/certs/ca-certificates.crt", content: "pem"}),
		tarLayer(t, tf{name: "./usr/bin/.wh.python3.9"}, tf{name: "usr/local/bin/python3.12", content: "elf"},
			tf{name: "/etc/passwd", content: "app:x:1:1::/:/bin/sh\n"}),
		tarLayer(t, tf{name: "etc/ssl/certs/.wh..wh..opq"}, tf{name: "usr/lib/python3.12", dir: true}),
	)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Scan(context.Background(), img)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(f.Interpreters)
	if want := []string{"/usr/local/bin/python3.10", "/usr/local/bin/python3.12"}; !slices.Equal(f.Interpreters, want) {
		t.Errorf("interpreters = %q, want %q", f.Interpreters, want)
	}
	if string(f.Passwd) != "app:x:1:1::/:/bin/sh\n" {
		t.Errorf("passwd = %q", f.Passwd)
	}
	if f.CABundle {
		t.Error("CA bundle survived an opaque whiteout")
	}
}

func TestScanPackageVersions(t *testing.T) {
	dpkg := "Package: libc6\nStatus: install ok installed\nVersion: 2.36-9+deb12u14\n\nPackage: python3.11-minimal\nVersion: 3.11.2-6+deb12u6\n\nPackage: zlib1g\nVersion: 1:1.2.13\n"
	apkdb := "C:Q1x=\nP:glibc\nV:2.43-r0\n\nP:python-3.12-base\nV:3.12.14-r1\n\n"
	tests := []struct {
		name, path, db, glibc, python string
	}{
		{"debian", "var/lib/dpkg/status", dpkg, "2.36", "3.11.2"},
		{"wolfi merged usr", "usr/lib/apk/db/installed", apkdb, "2.43", "3.12.14"},
		{"none", "etc/other", apkdb, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, err := mutate.AppendLayers(empty.Image, tarLayer(t, tf{name: tt.path, content: tt.db}))
			if err != nil {
				t.Fatal(err)
			}
			f, err := Scan(context.Background(), img)
			if err != nil {
				t.Fatal(err)
			}
			if f.Glibc != tt.glibc || f.Python != tt.python {
				t.Errorf("glibc %q python %q, want %q %q", f.Glibc, f.Python, tt.glibc, tt.python)
			}
		})
	}
}
