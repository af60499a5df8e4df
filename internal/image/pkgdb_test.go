package image

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

func TestReadPkgDB(t *testing.T) {
	dpkg := `Package: libc6
Status: install ok installed
Architecture: amd64
Source: glibc (2.36-9+deb12u4)
Version: 2.36-9+deb12u4
Depends: libgcc-s1
Description: GNU C Library: Shared libraries
 Contains the standard libraries that are used by nearly all programs on
 the system.

Package: removed-thing
Status: deinstall ok config-files
Version: 1.0

Package: python3.11-minimal
Status: install ok installed
Architecture: amd64
Version: 3.11.2-6+deb12u6
Pre-Depends: libc6 (>= 2.36)
Depends: libexpat1 (>= 2.1~beta3), zlib1g (>= 1:1.2.0) | zlib-alt, libpython3.11-minimal:amd64 (= 3.11.2-6+deb12u6)
Description: Minimal subset of the Python language (version 3.11)
`
	apk := "C:Q1abc=\nP:glibc\nV:2.43-r0\nA:x86_64\no:glibc\nL:LGPL-2.1-or-later\nT:the GNU C library\nD:ld-linux !musl so:libgcc_s.so.1>=1\np:so:libc.so.6=6\nF:usr/lib\nR:libc.so.6\n\nP:python-3.12-base\nV:3.12.14-r1\n"
	tests := []struct {
		name, kind, db string
		interest       string
		want           []Package
	}{
		{"dpkg", "deb", dpkg, "libc6 2.36-9+deb12u4\npython3.11-minimal 3.11.2-6+deb12u6\n", []Package{
			{Type: "deb", Name: "libc6", Version: "2.36-9+deb12u4", Arch: "amd64", Origin: "glibc", Description: "GNU C Library: Shared libraries", Depends: []string{"libgcc-s1"}},
			{Type: "deb", Name: "python3.11-minimal", Version: "3.11.2-6+deb12u6", Arch: "amd64", Description: "Minimal subset of the Python language (version 3.11)",
				Depends: []string{"libc6", "libexpat1", "zlib1g", "libpython3.11-minimal"}},
		}},
		{"apk", "apk", apk, "glibc 2.43-r0\npython-3.12-base 3.12.14-r1\n", []Package{
			{Type: "apk", Name: "glibc", Version: "2.43-r0", Arch: "x86_64", Origin: "glibc", License: "LGPL-2.1-or-later", Description: "the GNU C library",
				Checksum: "Q1abc=", Depends: []string{"ld-linux", "so:libgcc_s.so.1"}, Provides: []string{"so:libc.so.6"}},
			{Type: "apk", Name: "python-3.12-base", Version: "3.12.14-r1"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			interest, pkgs, err := readPkgDB(strings.NewReader(tt.db), tt.kind)
			if err != nil {
				t.Fatal(err)
			}
			if string(interest) != tt.interest {
				t.Errorf("interest %q, want %q", interest, tt.interest)
			}
			if !reflect.DeepEqual(pkgs, tt.want) {
				t.Errorf("packages\n%+v\nwant\n%+v", pkgs, tt.want)
			}
		})
	}
}

func TestParseOSRelease(t *testing.T) {
	got := ParseOSRelease([]byte("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n"))
	want := map[string]string{"ID": "debian", "NAME": "Debian GNU/Linux", "VERSION_ID": "12"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%v, want %v", got, want)
	}
	if ParseOSRelease(nil) != nil {
		t.Error("an absent os-release gives facts")
	}
}

func FuzzReadPkgDB(f *testing.F) {
	f.Add([]byte("Package: a\nVersion: 1\nDepends: b (>= 1) | c, d:any\n\n"), false)
	f.Add([]byte("P:a\nV:1\nD:so:x=1 !y z>=2\np:cmd:a\n\n"), true)
	f.Fuzz(func(t *testing.T, data []byte, apk bool) {
		kind := "deb"
		if apk {
			kind = "apk"
		}
		_, pkgs, err := readPkgDB(bytes.NewReader(data), kind)
		if err != nil {
			return
		}
		for _, p := range pkgs {
			if p.Name == "" || p.Version == "" || p.Type != kind {
				t.Fatalf("package %+v", p)
			}
			for _, d := range append(p.Depends, p.Provides...) {
				if d == "" {
					t.Fatalf("an empty dependency in %+v", p)
				}
			}
		}
	})
}
