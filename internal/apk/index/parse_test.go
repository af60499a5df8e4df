package index

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk"
)

// A record as Wolfi's index has it (abridged), with a field letter pyko
// does not know (g:) that must be skipped.
const wolfiRecord = `C:Q1kZz/7XrCMZ8YYoMYDJ8v0xQnMSU=
P:python-3.12
V:3.12.8-r1
A:x86_64
S:5432
I:65536
T:the Python programming language
U:https://python.org/
L:PSF-2.0
o:python-3.12
m:Wolfi
t:1736700000
c:5ae0b5e4ba2b0cfb9b3a0bc5cb68fb1fa6e7a70b
D:python-3.12-base=3.12.8-r1 so:libc.so.6
p:python3=3.12.8 cmd:python3=3.12.8-r1
k:312
g:some-tag

P:ld-linux
V:2.43-r1
`

func TestParse(t *testing.T) {
	pkgs, err := Parse(strings.NewReader(wolfiRecord))
	if err != nil {
		t.Fatal(err)
	}
	want := []*apk.Package{
		{
			Checksum: "Q1kZz/7XrCMZ8YYoMYDJ8v0xQnMSU=", Name: "python-3.12", Version: "3.12.8-r1",
			Arch: "x86_64", Size: 5432, InstalledSize: 65536, Description: "the Python programming language",
			URL: "https://python.org/", License: "PSF-2.0", Origin: "python-3.12", Maintainer: "Wolfi",
			BuildTime: 1736700000, Commit: "5ae0b5e4ba2b0cfb9b3a0bc5cb68fb1fa6e7a70b",
			Depends: []apk.Dependency{
				{Name: "python-3.12-base", Op: apk.OpEqual, Version: "3.12.8-r1"},
				{Name: "so:libc.so.6"},
			},
			Provides: []apk.Dependency{
				{Name: "python3", Op: apk.OpEqual, Version: "3.12.8"},
				{Name: "cmd:python3", Op: apk.OpEqual, Version: "3.12.8-r1"},
			},
			ProviderPriority: 312,
		},
		{Name: "ld-linux", Version: "2.43-r1"},
	}
	if !reflect.DeepEqual(pkgs, want) {
		t.Errorf("Parse =\n%+v\nwant\n%+v", pkgs[0], want[0])
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"no colon", "P:a\nV:1\nbogus\n", "line 3"},
		{"bad size", "P:a\nV:1\nS:12x\n", `line 3: field S: "12x"`},
		{"negative size", "P:a\nV:1\nI:-1\n", "line 3: field I"},
		{"bad dep", "P:a\nV:1\nD:foo>=\n", "line 3: field D"},
		{"bad priority", "P:a\nV:1\nk:99999999999\n", "line 3: field k"},
		{"no name", "V:1\nA:x86_64\n\nP:b\nV:2\n", "record at line 1: no P:"},
		{"no version", "P:a\nV:1\n\n\nP:b\n", "record at line 5"},
		{"too long", "P:a\nV:1\nT:" + strings.Repeat("x", maxLine) + "\n", "line 3: longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestParseEmpty(t *testing.T) {
	for _, in := range []string{"", "\n\n\n"} {
		pkgs, err := Parse(strings.NewReader(in))
		if err != nil || len(pkgs) != 0 {
			t.Errorf("Parse(%q) = %v, %v; want nothing", in, pkgs, err)
		}
	}
}

func TestWriteRoundTrip(t *testing.T) {
	pkgs := samplePackages()
	var buf bytes.Buffer
	if err := Write(&buf, pkgs); err != nil {
		t.Fatal(err)
	}
	back, err := Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, pkgs) {
		t.Errorf("round trip changed the packages:\n%+v\nwant\n%+v", back, pkgs)
	}
}

func TestWriteFieldOrder(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, samplePackages()[:1]); err != nil {
		t.Fatal(err)
	}
	var letters []byte
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		letters = append(letters, line[0])
	}
	if got, want := string(letters), "CPVASITULomtckDp"; got != want {
		t.Errorf("field order = %s, want %s", got, want)
	}
	if !strings.HasSuffix(buf.String(), "\n\n") {
		t.Error("a record must end with a blank line")
	}
}

func TestWriteRejects(t *testing.T) {
	tests := []struct {
		name string
		p    *apk.Package
		want string
	}{
		{"no version", &apk.Package{Name: "a"}, "name and a version"},
		{"newline", &apk.Package{Name: "a", Version: "1", Description: "two\nlines"}, "a-1 field T"},
		{"bad dep", &apk.Package{Name: "a", Version: "1", Depends: []apk.Dependency{{Name: "x y"}}}, "a-1 field D"},
		{"negative", &apk.Package{Name: "a", Version: "1", Size: -1}, "negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Write(&bytes.Buffer{}, []*apk.Package{tt.p})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(wolfiRecord))
	f.Add([]byte("P:a\nV:1\nD:b>=1 !c\n\n"))
	f.Add([]byte("P:a\nV:1\nT:x\r\n"))
	f.Add([]byte("P:a\r\nV:1\r\r\nT:x\r\r\n\r\nP:b\nV:2"))
	f.Fuzz(func(t *testing.T, b []byte) {
		pkgs, err := Parse(bytes.NewReader(b))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := Write(&buf, pkgs); err != nil {
			// Only values Parse cannot produce are refused.
			t.Fatalf("Write of parsed packages: %v", err)
		}
		back, err := Parse(&buf)
		if err != nil {
			t.Fatalf("Parse(Write(x)): %v\n%s", err, buf.String())
		}
		if !reflect.DeepEqual(back, pkgs) {
			t.Fatalf("Parse(Write(x)) != x\n%+v\n%+v", back, pkgs)
		}
	})
}
