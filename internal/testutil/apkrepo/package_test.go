package apkrepo

import (
	"archive/tar"
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"io/fs"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/apk/index"
)

func samplePackage() Package {
	return Package{
		Info: apk.Package{
			Name: "hello", Version: "1.2.3-r4", Arch: "x86_64", Description: "says hello",
			URL: "https://example.org", License: "MIT", Origin: "hello-src", BuildTime: 1700000000,
			Depends:          []apk.Dependency{{Name: "so:libc.so.6"}, {Name: "busybox", Op: apk.OpGreatEq, Version: "1.36"}},
			Provides:         []apk.Dependency{{Name: "cmd:hello", Op: apk.OpEqual, Version: "1.2.3-r4"}},
			ProviderPriority: 5,
			Replaces:         []apk.Dependency{{Name: "hello-old"}},
			InstallIf:        []apk.Dependency{{Name: "a"}, {Name: "b"}},
		},
		Files: []File{
			{Path: "/usr/bin/hello", Mode: 0o755, Content: []byte("#!/bin/sh\necho hello\n")},
			{Path: "usr/bin/hi", Mode: fs.ModeSymlink, Link: "hello"},
			{Path: "usr/bin/hello2", Link: "usr/bin/hello"}, // hard link
			{Path: "etc/hello.conf", Content: []byte("greeting=hi\n"), UID: 65532, GID: 65532},
			{Path: "var/tmp", Mode: fs.ModeDir | fs.ModeSticky | 0o777},
			{Path: "usr/share/big", Open: func() (io.ReadCloser, error) {
				return io.NopCloser(strings.NewReader(strings.Repeat("x", 100000))), nil
			}},
		},
		Scripts: map[string]string{".post-install": "#!/bin/sh\necho never run\n", ".pre-install": "#!/bin/sh\n"},
	}
}

func TestWritePackageFormat(t *testing.T) {
	key := testKey(t)
	var buf bytes.Buffer
	got, err := WritePackage(&buf, samplePackage(), key)
	if err != nil {
		t.Fatal(err)
	}
	m := members(t, buf.Bytes())
	if len(m) != 3 {
		t.Fatalf("got %d gzip members, want 3", len(m))
	}

	// Member 1: one signature over member 2's raw bytes, cut.
	sig := entries(t, m[0])
	if len(sig) != 1 || sig[0].hdr.Name != ".SIGN.RSA256.pyko-test.rsa.pub" {
		t.Fatalf("signature tar = %v, want one .SIGN.RSA256.pyko-test.rsa.pub", sig)
	}
	sum := sha256.Sum256(m[1])
	if err := rsa.VerifyPKCS1v15(&key.Private.PublicKey, crypto.SHA256, sum[:], sig[0].body); err != nil {
		t.Errorf("package signature does not verify: %v", err)
	}
	for i := range 2 {
		if !isCut(gunzip(t, m[i])) {
			t.Errorf("member %d is not a cut tar", i+1)
		}
	}
	if isCut(gunzip(t, m[2])) {
		t.Error("data tar has no end-of-archive blocks")
	}

	// Member 2: .PKGINFO first, then the scripts; it reads back as the index entry.
	ctl := entries(t, m[1])
	var names []string
	for _, e := range ctl {
		names = append(names, e.hdr.Name)
	}
	if want := []string{".PKGINFO", ".post-install", ".pre-install"}; !slices.Equal(names, want) {
		t.Errorf("control entries = %v, want %v", names, want)
	}
	info, err := index.ParsePKGINFO(bytes.NewReader(ctl[0].body))
	if err != nil {
		t.Fatal(err)
	}
	data := sha256.Sum256(m[2])
	if info.DataHash != hex.EncodeToString(data[:]) || got.DataHash != info.DataHash {
		t.Errorf("datahash = %s (returned %s), want sha256 of member 3 %x", info.DataHash, got.DataHash, data)
	}
	c := sha1.Sum(m[1]) //nolint:gosec
	if want := "Q1" + base64.StdEncoding.EncodeToString(c[:]); got.Checksum != want {
		t.Errorf("checksum = %s, want %s", got.Checksum, want)
	}
	if got.Size != int64(buf.Len()) {
		t.Errorf("size = %d, want file size %d", got.Size, buf.Len())
	}
	if want := int64(len("#!/bin/sh\necho hello\n") + len("greeting=hi\n") + 100000); got.InstalledSize != want {
		t.Errorf("installed size = %d, want %d", got.InstalledSize, want)
	}
	// Every field written to .PKGINFO reads back.
	want := got
	want.Checksum, want.Size = "", 0
	if !equalInfo(*info, want) {
		t.Errorf(".PKGINFO reads back as\n%+v\nwant\n%+v", *info, want)
	}
	checkData(t, entries(t, m[2]))
}

func equalInfo(a, b apk.Package) bool { return reflect.DeepEqual(a, b) }

// checkData checks the data tar of samplePackage.
func checkData(t *testing.T, data []entry) {
	t.Helper()
	var names []string
	byName := map[string]entry{}
	for _, e := range data {
		names = append(names, e.hdr.Name)
		byName[e.hdr.Name] = e
		if e.hdr.ModTime.Unix() != 1700000000 {
			t.Errorf("%s: mtime %v, want the build date", e.hdr.Name, e.hdr.ModTime)
		}
		sum := e.hdr.PAXRecords[checksumRecord]
		switch e.hdr.Typeflag {
		case tar.TypeReg:
			h := sha1.Sum(e.body) //nolint:gosec
			if sum != hex.EncodeToString(h[:]) {
				t.Errorf("%s: PAX checksum %q, want sha1 of the content %x", e.hdr.Name, sum, h)
			}
		case tar.TypeSymlink:
			h := sha1.Sum([]byte(e.hdr.Linkname)) //nolint:gosec
			if sum != hex.EncodeToString(h[:]) {
				t.Errorf("%s: PAX checksum %q, want sha1 of the target", e.hdr.Name, sum)
			}
		}
	}
	want := []string{"etc", "etc/hello.conf", "usr", "usr/bin", "usr/bin/hello", "usr/bin/hello2", "usr/bin/hi", "usr/share", "usr/share/big", "var", "var/tmp"}
	if !slices.Equal(names, want) {
		t.Fatalf("data entries = %v, want %v", names, want)
	}
	checks := []struct {
		name     string
		typ      byte
		mode     int64
		uid      int
		link     string
		contains string
	}{
		{"usr/bin/hello", tar.TypeReg, 0o755, 0, "", "echo hello"},
		{"usr/bin/hi", tar.TypeSymlink, 0o777, 0, "hello", ""},
		{"usr/bin/hello2", tar.TypeLink, 0o644, 0, "usr/bin/hello", ""},
		{"etc/hello.conf", tar.TypeReg, 0o644, 65532, "", "greeting"},
		{"var/tmp", tar.TypeDir, 0o1777, 0, "", ""},
		{"usr", tar.TypeDir, 0o755, 0, "", ""},
	}
	for _, c := range checks {
		e := byName[c.name]
		if e.hdr.Typeflag != c.typ || e.hdr.Mode != c.mode || e.hdr.Uid != c.uid || e.hdr.Linkname != c.link || !strings.Contains(string(e.body), c.contains) {
			t.Errorf("%s: type %c mode %o uid %d link %q; want %c %o %d %q", c.name, e.hdr.Typeflag, e.hdr.Mode, e.hdr.Uid, e.hdr.Linkname, c.typ, c.mode, c.uid, c.link)
		}
	}
}

func TestWritePackageSignatures(t *testing.T) {
	key := testKey(t)
	tests := []struct {
		name    string
		opts    []Option
		sigName string // "" for no signature member
		hash    crypto.Hash
	}{
		{"default sha256", nil, ".SIGN.RSA256.pyko-test.rsa.pub", crypto.SHA256},
		{"sha1", []Option{SignSHA1()}, ".SIGN.RSA.pyko-test.rsa.pub", crypto.SHA1},
		{"index sha1 leaves packages alone", []Option{IndexSHA1()}, ".SIGN.RSA256.pyko-test.rsa.pub", crypto.SHA256},
		{"unsigned", []Option{Unsigned()}, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if _, err := WritePackage(&buf, samplePackage(), key, tt.opts...); err != nil {
				t.Fatal(err)
			}
			m := members(t, buf.Bytes())
			if tt.sigName == "" {
				if len(m) != 2 || entries(t, m[0])[0].hdr.Name != ".PKGINFO" {
					t.Fatalf("unsigned package: %d members, want control and data", len(m))
				}
				return
			}
			sig := entries(t, m[0])
			if len(m) != 3 || sig[0].hdr.Name != tt.sigName {
				t.Fatalf("signature %q in %d members, want %q in 3", sig[0].hdr.Name, len(m), tt.sigName)
			}
			h := tt.hash.New()
			h.Write(m[1])
			if err := rsa.VerifyPKCS1v15(&key.Private.PublicKey, tt.hash, h.Sum(nil), sig[0].body); err != nil {
				t.Errorf("signature does not verify: %v", err)
			}
		})
	}
}

func TestWritePackageDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if _, err := WritePackage(&a, samplePackage(), testKey(t)); err != nil {
		t.Fatal(err)
	}
	p := samplePackage()
	slices.Reverse(p.Files) // input order does not matter
	if _, err := WritePackage(&b, p, testKey(t)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two writes of the same package differ")
	}
}

func TestWritePackageRejects(t *testing.T) {
	key := testKey(t)
	info := apk.Package{Name: "p", Version: "1-r0"}
	tests := []struct {
		name string
		p    Package
		key  *Key
		want string
	}{
		{"dot dot", Package{Info: info, Files: []File{{Path: "../x"}}}, key, `"../x"`},
		{"unclean", Package{Info: info, Files: []File{{Path: "usr//x"}}}, key, `"usr//x"`},
		{"duplicate", Package{Info: info, Files: []File{{Path: "a"}, {Path: "/a"}}}, key, "listed twice"},
		{"parent not a dir", Package{Info: info, Files: []File{{Path: "lib", Mode: fs.ModeSymlink, Link: "usr/lib"}, {Path: "lib/x"}}}, key, `parent "lib"`},
		{"hard link to nothing", Package{Info: info, Files: []File{{Path: "a", Link: "b"}}}, key, "hard link"},
		{"no name", Package{Info: apk.Package{Version: "1-r0"}}, key, "name and version"},
		{"no key", Package{Info: info}, nil, "no signing key"},
		{"newline", Package{Info: apk.Package{Name: "p", Version: "1-r0", Description: "a\nb"}}, key, "pkgdesc"},
		{"bad script name", Package{Info: info, Scripts: map[string]string{"post-install": ""}}, key, "post-install"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := WritePackage(io.Discard, tt.p, tt.key)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}
