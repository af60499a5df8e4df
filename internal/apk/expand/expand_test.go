package expand

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk/signature"
)

func expandBytes(t *testing.T, b []byte, opts ...Option) (*Package, error) {
	t.Helper()
	p, err := Expand(context.Background(), bytes.NewReader(b), t.TempDir(), testKeyring(), opts...)
	if p != nil {
		t.Cleanup(func() { p.Close() })
	}
	return p, err
}

func TestExpandValid(t *testing.T) {
	tests := []struct {
		name   string
		o      buildOpts
		signed bool
	}{
		{"sha1 cut", buildOpts{sigFile: ".SIGN.RSA." + keyName}, true},
		{"sha256 cut", buildOpts{sigFile: ".SIGN.RSA256." + keyName}, true},
		{"sha256 uncut", buildOpts{sigFile: ".SIGN.RSA256." + keyName, uncut: true}, true},
		{"unsigned cut", buildOpts{}, false},
		{"unsigned uncut", buildOpts{uncut: true}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := buildAPK(t, tt.o)
			p, err := expandBytes(t, a.bytes())
			if err != nil {
				t.Fatal(err)
			}
			if p.Signed != tt.signed || (tt.signed && p.SignedBy != keyName) {
				t.Errorf("Signed = %v, SignedBy = %q", p.Signed, p.SignedBy)
			}
			// The stream boundaries were found exactly: the checksums are
			// those of the parts as built.
			s1 := sha1.Sum(a.control)
			if want := "Q1" + base64.StdEncoding.EncodeToString(s1[:]); p.ControlChecksum != want {
				t.Errorf("ControlChecksum = %s, want %s", p.ControlChecksum, want)
			}
			s256 := sha256.Sum256(a.data)
			if want := hex.EncodeToString(s256[:]); p.DataHash != want {
				t.Errorf("DataHash = %s, want %s", p.DataHash, want)
			}
			if p.Info.Name != "hello" || p.Info.Description != "says hello; loudly" || len(p.Info.Depends) != 1 {
				t.Errorf("Info = %+v", p.Info)
			}
			if err := p.VerifyAgainst(a.index()); err != nil {
				t.Error(err)
			}
			if got := dataNames(t, p); got != "usr/bin/hello usr/share/doc/hello/README" {
				t.Errorf("data entries = %q", got)
			}
		})
	}
}

// firstEntry returns the body of the first entry of a gzipped tar.
func firstEntry(t *testing.T, gz []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	if _, err := tr.Next(); err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(tr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func dataNames(t *testing.T, p *Package) string {
	t.Helper()
	rc, err := p.Data()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	tr := tar.NewReader(rc)
	var names []string
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, hdr.Name)
	}
	return strings.Join(names, " ")
}

func TestExpandRejects(t *testing.T) {
	sigFile := ".SIGN.RSA256." + keyName
	valid := buildAPK(t, buildOpts{sigFile: sigFile})
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}

	// Control stream changed after signing: the same .PKGINFO with one
	// more line, signed stream kept.
	tamperedControl := buildAPK(t, buildOpts{extra: "url = https://evil.example\n"})
	tamperedControl.sig = valid.sig

	tamperedData := valid
	tamperedData.data = bytes.Clone(valid.data)
	tamperedData.data[len(valid.data)/2] ^= 1

	// 2 MiB of comment lines: a few kilobytes compressed.
	bomb := buildAPK(t, buildOpts{sigFile: sigFile, extra: strings.Repeat("#\n", 1<<20)})

	var bad *signature.BadSignatureError
	var unknown *signature.UnknownKeyError
	isBad := func(err error) bool { return errors.As(err, &bad) }
	contains := func(s string) func(error) bool {
		return func(err error) bool { return err != nil && strings.Contains(err.Error(), s) }
	}
	full := valid.bytes()
	tests := []struct {
		name  string
		in    []byte
		opts  []Option
		check func(error) bool
	}{
		{"tampered control", tamperedControl.bytes(), nil, isBad},
		{"tampered data", tamperedData.bytes(), nil, contains("does not match") /* datahash */},
		{"wrong key", buildAPK(t, buildOpts{sigFile: sigFile, signer: other}).bytes(), nil, isBad},
		{"unknown key", buildAPK(t, buildOpts{sigFile: ".SIGN.RSA256.other.rsa.pub", signer: other}).bytes(), nil,
			func(err error) bool { return errors.As(err, &unknown) && unknown.Key == "other.rsa.pub" }},
		{"sha1 signature named sha256", func() []byte {
			a := buildAPK(t, buildOpts{})
			sha1Sig := signControl(t, buildOpts{sigFile: ".SIGN.RSA." + keyName}, a.control)
			sig := firstEntry(t, sha1Sig)
			a.sig = gzipTar(t, true, entry{sigFile, sig})
			return a.bytes()
		}(), nil, isBad},
		{"empty first tar", append(gzipTar(t, true), valid.control...), nil, contains("no .PKGINFO")},
		{"no datahash", buildAPK(t, buildOpts{datahash: "-"}).bytes(), nil, contains("no datahash")},
		{"control bomb", bomb.bytes(), nil, contains("control stream is larger than 1048576 bytes")},
		{"control guard", full, []Option{WithMaxControlSize(100)}, contains("larger than 100 bytes")},
		{"data guard", full, []Option{WithMaxDataSize(int64(len(valid.data) - 1))}, contains("data stream is larger than")},
		{"truncated in data", full[:len(full)-10], nil, contains("does not match")},
		{"truncated in control", full[:len(valid.sig)+len(valid.control)/2], nil, contains("unexpected EOF")},
		{"truncated after control", full[:len(valid.sig)+len(valid.control)], nil, contains("no data stream")},
		{"signature only", valid.sig, nil, contains("no control stream")},
		{"empty", nil, nil, contains("empty file")},
		{"not gzip", []byte("<html>"), nil, contains("gzip")},
		{"expected mismatch", full, []Option{WithExpected(buildAPK(t, buildOpts{extra: "url = x\n"}).index())}, contains("does not match the index checksum")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			p, err := Expand(context.Background(), bytes.NewReader(tt.in), dir, testKeyring(), tt.opts...)
			if p != nil {
				p.Close()
				t.Fatal("Expand returned a package")
			}
			if !tt.check(err) {
				t.Fatalf("err = %v", err)
			}
			if !strings.Contains(err.Error(), "expanding ") {
				t.Errorf("err = %v, want it to name the package", err)
			}
			if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 {
				t.Errorf("left temp files: %v", left)
			}
		})
	}
}

func TestExpandExpected(t *testing.T) {
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	a := buildAPK(t, buildOpts{sigFile: ".SIGN.RSA256.other.rsa.pub", signer: other})
	// The signed index vouches for the package: an unknown signer is fine.
	p, err := expandBytes(t, a.bytes(), WithExpected(a.index()))
	if err != nil {
		t.Fatal(err)
	}
	if p.Signed {
		t.Error("Signed = true for an unknown key")
	}
	// But a trusted key's signature must still verify.
	b := buildAPK(t, buildOpts{sigFile: ".SIGN.RSA256." + keyName, signer: other})
	var bad *signature.BadSignatureError
	if _, err := expandBytes(t, b.bytes(), WithExpected(b.index())); !errors.As(err, &bad) {
		t.Fatalf("err = %v, want a BadSignatureError", err)
	}
	// And the error names the expected package file.
	idx := a.index()
	idx.Version = "2.0-r0"
	if _, err := expandBytes(t, a.bytes(), WithExpected(idx)); err == nil || !strings.Contains(err.Error(), "hello-2.0-r0.apk") {
		t.Fatalf("err = %v, want it to name hello-2.0-r0.apk", err)
	}
}

func TestDataGuardOnDecompression(t *testing.T) {
	a := buildAPK(t, buildOpts{})
	p, err := expandBytes(t, a.bytes(), WithMaxDataSize(int64(len(a.data))))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := p.Data()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	var tl *TooLargeError
	if _, err := io.Copy(io.Discard, rc); !errors.As(err, &tl) || tl.Cap != int64(len(a.data)) {
		t.Fatalf("err = %v, want the decompression guard", err)
	}
}

func TestClose(t *testing.T) {
	dir := t.TempDir()
	p, err := Expand(context.Background(), bytes.NewReader(buildAPK(t, buildOpts{}).bytes()), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("left %v", left)
	}
	if _, err := p.Data(); err == nil {
		t.Error("Data after Close succeeded")
	}
}

func TestExpandCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Expand(ctx, bytes.NewReader(buildAPK(t, buildOpts{}).bytes()), t.TempDir(), nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}
