package apkrepo

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // APK's .SIGN.RSA. signatures are SHA-1 by definition
	"crypto/sha256"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pyko-dev/pyko/internal/atomicfile"
)

// Key is a repository signing key. Name is the file name of the public key
// as it appears in signature file names and in /etc/apk/keys, e.g.
// "pyko-test.rsa.pub".
type Key struct {
	Name    string
	Private *rsa.PrivateKey
}

// NewKey generates a 2048-bit RSA key named name.
func NewKey(name string) (*Key, error) {
	if err := checkKeyName(name); err != nil {
		return nil, err
	}
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("generating RSA key %s: %w", name, err)
	}
	return &Key{Name: name, Private: priv}, nil
}

// PublicPEM is the public key as a PKIX "PUBLIC KEY" PEM block, the format
// of the files in /etc/apk/keys.
func (k *Key) PublicPEM() []byte {
	der, err := x509.MarshalPKIXPublicKey(&k.Private.PublicKey)
	if err != nil { // cannot happen for an RSA key
		panic(fmt.Sprintf("encoding public key %s: %v", k.Name, err))
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}

// LoadOrCreateKey returns the key stored in dir, creating it on first use,
// so that test runs share one stable key. The private key lives in
// dir/<name without ".pub"> (PKCS#8 PEM, as abuild-keygen names it) and the
// public key in dir/<name>. Concurrent callers all get the same key: the
// private key file is created atomically and only if absent.
func LoadOrCreateKey(dir, name string) (*Key, error) {
	if err := checkKeyName(name); err != nil {
		return nil, err
	}
	privPath := filepath.Join(dir, strings.TrimSuffix(name, ".pub"))
	if privPath == filepath.Join(dir, name) {
		privPath += ".priv"
	}
	k, err := loadKey(privPath, name)
	if errors.Is(err, os.ErrNotExist) {
		k, err = createKey(dir, privPath, name)
	}
	if err != nil {
		return nil, err
	}
	// The public file is derived from the private key, so rewriting it in a
	// race writes the same bytes.
	if err := atomicfile.WriteFile(filepath.Join(dir, name), k.PublicPEM(), 0o644); err != nil {
		return nil, fmt.Errorf("writing public key %s: %w", name, err)
	}
	return k, nil
}

func loadKey(path, name string) (*Key, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	blk, _ := pem.Decode(b)
	if blk == nil {
		return nil, fmt.Errorf("reading private key %s: no PEM block (delete the file to regenerate it)", path)
	}
	parsed, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("reading private key %s: %w", path, err)
	}
	priv, ok := parsed.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("reading private key %s: not an RSA key", path)
	}
	return &Key{Name: name, Private: priv}, nil
}

// createKey writes a new private key to a temporary file and hard-links it
// into place, which fails if another process got there first; then the
// winner's key is loaded.
func createKey(dir, privPath, name string) (*Key, error) {
	k, err := NewKey(name)
	if err != nil {
		return nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(k.Private)
	if err != nil {
		return nil, fmt.Errorf("encoding private key %s: %w", name, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating key directory: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".key-*")
	if err != nil {
		return nil, fmt.Errorf("creating private key %s: %w", name, err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("writing private key %s: %w", name, err)
	}
	if err := os.Link(tmp.Name(), privPath); err != nil {
		if errors.Is(err, os.ErrExist) {
			return loadKey(privPath, name)
		}
		return nil, fmt.Errorf("storing private key %s: %w", name, err)
	}
	return k, nil
}

// signatureName is the name of the signature file in a signature tar.
func (k *Key) signatureName(sha1Sig bool) string {
	if sha1Sig {
		return ".SIGN.RSA." + k.Name
	}
	return ".SIGN.RSA256." + k.Name
}

// sign signs data (the raw bytes of a gzip member) as apk-tools verifies it:
// RSA PKCS#1 v1.5 over its SHA-1 or SHA-256.
func (k *Key) sign(data []byte, sha1Sig bool) ([]byte, error) {
	var sig []byte
	var err error
	if sha1Sig {
		sum := sha1.Sum(data) //nolint:gosec
		sig, err = rsa.SignPKCS1v15(nil, k.Private, crypto.SHA1, sum[:])
	} else {
		sum := sha256.Sum256(data)
		sig, err = rsa.SignPKCS1v15(nil, k.Private, crypto.SHA256, sum[:])
	}
	if err != nil {
		return nil, fmt.Errorf("signing with %s: %w", k.Name, err)
	}
	return sig, nil
}

func checkKeyName(name string) error {
	if name == "" || strings.ContainsAny(name, "/\\ \n") || name == "." || name == ".." {
		return fmt.Errorf("key name %q: want a plain file name such as \"pyko-test.rsa.pub\"", name)
	}
	return nil
}
