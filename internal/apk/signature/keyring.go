package signature

import (
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"path"
	"sort"
)

// Keyring is the set of trusted public keys, keyed by key file name
// ("wolfi-signing.rsa.pub"), the name signatures refer to them by.
type Keyring map[string]*rsa.PublicKey

// ParsePublicKey parses a PEM public key: PKIX ("PUBLIC KEY", what openssl
// and melange write) or PKCS#1 ("RSA PUBLIC KEY"). Only RSA keys are APK keys.
func ParsePublicKey(pemBytes []byte) (*rsa.PublicKey, error) {
	block, _ := pem.Decode(pemBytes)
	if block == nil {
		return nil, errors.New("no PEM block: an APK key is a PEM file starting with -----BEGIN PUBLIC KEY-----")
	}
	switch block.Type {
	case "PUBLIC KEY":
		pub, err := x509.ParsePKIXPublicKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("parsing PKIX public key: %w", err)
		}
		rsaPub, ok := pub.(*rsa.PublicKey)
		if !ok {
			return nil, fmt.Errorf("public key is %T: APK keys are RSA", pub)
		}
		return rsaPub, nil
	case "RSA PUBLIC KEY":
		pub, err := x509.ParsePKCS1PublicKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("parsing PKCS#1 public key: %w", err)
		}
		return pub, nil
	}
	return nil, fmt.Errorf("PEM block is %q: want PUBLIC KEY or RSA PUBLIC KEY", block.Type)
}

// Add parses pemBytes and trusts it under name. name is the key's file name;
// a directory part is dropped, since signatures name keys by base name.
func (k Keyring) Add(name string, pemBytes []byte) error {
	name = path.Base(name)
	if name == "." || name == "/" || name == "" {
		return errors.New("adding key: empty key name")
	}
	pub, err := ParsePublicKey(pemBytes)
	if err != nil {
		return fmt.Errorf("adding key %q: %w", name, err)
	}
	k[name] = pub
	return nil
}

// Names returns the key names, sorted.
func (k Keyring) Names() []string {
	names := make([]string, 0, len(k))
	for n := range k {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Fingerprint identifies a key for lockfiles: the hex SHA-256 of its DER
// PKIX encoding (the bytes inside a "PUBLIC KEY" PEM block).
func Fingerprint(pub *rsa.PublicKey) string {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		// Only reachable for a key with a nil modulus, which no parser
		// here produces.
		return ""
	}
	sum := sha256.Sum256(der)
	return hex.EncodeToString(sum[:])
}
