package index

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk/signature"
)

func TestReadValid(t *testing.T) {
	for _, sigFile := range []string{".SIGN.RSA." + keyName, ".SIGN.RSA256." + keyName} {
		t.Run(sigFile, func(t *testing.T) {
			idx, err := Read(context.Background(), bytes.NewReader(signedIndex(t, testKey(), sigFile, samplePackages())), testKeyring())
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(idx.Packages, samplePackages()) {
				t.Errorf("packages = %+v", idx.Packages)
			}
			if idx.SignedBy != keyName || idx.Description != "test-repo" {
				t.Errorf("SignedBy = %q, Description = %q", idx.SignedBy, idx.Description)
			}
		})
	}
}

func TestReadUncutSignatureTar(t *testing.T) {
	m2 := indexStream(t, samplePackages())
	h, _ := signature.HashFor(".SIGN.RSA256." + keyName)
	h.Write(m2)
	alg, _, _ := signature.ParseSignatureName(".SIGN.RSA256." + keyName)
	sig, err := rsa.SignPKCS1v15(rand.Reader, testKey(), alg, h.Sum(nil))
	if err != nil {
		t.Fatal(err)
	}
	m1 := gzipTar(t, false, entry{".SIGN.RSA256." + keyName, sig})
	if _, err := Read(context.Background(), bytes.NewReader(append(m1, m2...)), testKeyring()); err != nil {
		t.Fatal(err)
	}
}

// failReader fails the test if Read is called: the part of the file after
// a rejected signature must not even be read.
type failReader struct{ t *testing.T }

func (f failReader) Read([]byte) (int, error) {
	f.t.Error("read past the signature stream of an untrusted index")
	return 0, io.ErrUnexpectedEOF
}

func TestReadUnknownKey(t *testing.T) {
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	m2 := indexStream(t, samplePackages())
	m1 := signStream(t, other, ".SIGN.RSA256.other.rsa.pub", m2)
	_, err = Read(context.Background(), io.MultiReader(bytes.NewReader(m1), failReader{t}), testKeyring())
	var unknown *signature.UnknownKeyError
	if !errors.As(err, &unknown) || unknown.Key != "other.rsa.pub" {
		t.Fatalf("err = %v, want an UnknownKeyError for other.rsa.pub", err)
	}
	if !strings.Contains(err.Error(), "--keyring") {
		t.Errorf("err = %v, want advice to use --keyring", err)
	}
}

func TestReadSecondSignatureTrusted(t *testing.T) {
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	m2 := indexStream(t, samplePackages())
	sign := func(priv *rsa.PrivateKey, file string) entry {
		h, _ := signature.HashFor(file)
		h.Write(m2)
		alg, _, _ := signature.ParseSignatureName(file)
		s, err := rsa.SignPKCS1v15(rand.Reader, priv, alg, h.Sum(nil))
		if err != nil {
			t.Fatal(err)
		}
		return entry{file, s}
	}
	m1 := gzipTar(t, true, sign(other, ".SIGN.RSA.other.rsa.pub"), sign(testKey(), ".SIGN.RSA256."+keyName))
	idx, err := Read(context.Background(), bytes.NewReader(append(m1, m2...)), testKeyring())
	if err != nil {
		t.Fatal(err)
	}
	if idx.SignedBy != keyName {
		t.Errorf("SignedBy = %q", idx.SignedBy)
	}
}

func TestReadRejects(t *testing.T) {
	ctx := context.Background()
	sigFile := ".SIGN.RSA256." + keyName
	valid := signedIndex(t, testKey(), sigFile, samplePackages())
	m2 := indexStream(t, samplePackages())
	m1Len := len(valid) - len(m2)

	wrongKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	tampered := bytes.Clone(valid)
	tampered[m1Len+len(m2)/2] ^= 0x01

	// A well-signed index whose APKINDEX decompresses to 8 MiB.
	bombStream := gzipTar(t, false, entry{"APKINDEX", bytes.Repeat([]byte("\n"), 8<<20)})
	bomb := append(signStream(t, testKey(), sigFile, bombStream), bombStream...)

	// An index whose signed stream is not what it claims: it would not
	// even parse, but the signature must fail first.
	junk := gzipTar(t, false, entry{"APKINDEX", []byte("not an index")})
	badSigned := append(bytes.Clone(valid[:m1Len]), junk...)

	var bad *signature.BadSignatureError
	isBad := func(err error) bool { return errors.As(err, &bad) && bad.Key == keyName }
	contains := func(s string) func(error) bool {
		return func(err error) bool { return err != nil && strings.Contains(err.Error(), s) }
	}
	tests := []struct {
		name  string
		in    []byte
		opts  []Option
		check func(error) bool
	}{
		{"wrong key", signedIndex(t, wrongKey, sigFile, samplePackages()), nil, isBad},
		{"tampered index stream", tampered, nil, isBad},
		{"other index stream", badSigned, nil, isBad},
		{"trailing data", append(bytes.Clone(valid), 0x1f, 0x8b), nil, isBad},
		{"unsigned", m2, nil, contains("not signed")},
		{"empty", nil, nil, contains("empty file")},
		{"truncated in signature", valid[:m1Len/2], nil, contains("unexpected EOF")},
		{"truncated after signature", valid[:m1Len], nil, contains("no index stream")},
		{"truncated in index", valid[:m1Len+len(m2)/2], nil, isBad},
		{"gzip bomb", bomb, []Option{WithMaxSize(1 << 20)}, contains("decompressed index stream is larger than 1048576 bytes")},
		{"compressed too large", valid, []Option{WithMaxSize(int64(len(m2) - 1))}, contains("signed gzip stream is larger than")},
		{"not gzip", []byte("<html>404</html>"), nil, contains("signature stream")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(ctx, bytes.NewReader(tt.in), testKeyring(), tt.opts...)
			if !tt.check(err) {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func TestReadCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Read(ctx, bytes.NewReader(signedIndex(t, testKey(), ".SIGN.RSA."+keyName, samplePackages())), testKeyring())
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}
