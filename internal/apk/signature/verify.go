package signature

import (
	"crypto"
	"crypto/rsa"
	_ "crypto/sha1" // registers crypto.SHA1 for .SIGN.RSA.
	_ "crypto/sha256"
	_ "crypto/sha512"
	"fmt"
	"hash"
	"strings"
)

const (
	prefixSHA1   = ".SIGN.RSA."
	prefixSHA256 = ".SIGN.RSA256."
	prefixSHA512 = ".SIGN.RSA512."
)

// IsSignatureName reports whether a tar entry name is an APK signature of
// any kind (including kinds pyko does not verify, such as .SIGN.DSA.).
func IsSignatureName(file string) bool { return strings.HasPrefix(file, ".SIGN.") }

// ParseSignatureName splits a signature entry name into its digest and
// key name: ".SIGN.RSA.<key>" is SHA-1, ".SIGN.RSA256.<key>" is SHA-256
// (and ".SIGN.RSA512.<key>", which apk-tools also accepts, SHA-512).
func ParseSignatureName(file string) (alg crypto.Hash, keyName string, ok bool) {
	switch {
	case strings.HasPrefix(file, prefixSHA512):
		alg, keyName = crypto.SHA512, file[len(prefixSHA512):]
	case strings.HasPrefix(file, prefixSHA256):
		alg, keyName = crypto.SHA256, file[len(prefixSHA256):]
	case strings.HasPrefix(file, prefixSHA1):
		alg, keyName = crypto.SHA1, file[len(prefixSHA1):]
	default:
		return 0, "", false
	}
	if keyName == "" || strings.Contains(keyName, "/") {
		return 0, "", false
	}
	return alg, keyName, true
}

// SignatureName is the entry name a signature by keyName over alg has.
// alg must be crypto.SHA1, crypto.SHA256 or crypto.SHA512.
func SignatureName(alg crypto.Hash, keyName string) string {
	switch alg {
	case crypto.SHA256:
		return prefixSHA256 + keyName
	case crypto.SHA512:
		return prefixSHA512 + keyName
	}
	return prefixSHA1 + keyName
}

// HashFor returns a fresh hash of the kind the signature sigFile was made
// over, to hash the signed bytes while they stream past.
func HashFor(sigFile string) (hash.Hash, error) {
	alg, _, ok := ParseSignatureName(sigFile)
	if !ok {
		return nil, &UnsupportedSignatureError{File: sigFile}
	}
	return alg.New(), nil
}

// Verify checks sig, the content of the signature entry sigFile, against
// digest, the hash (from HashFor) of the signed bytes. It fails with an
// *UnknownKeyError when sigFile names a key that is not in the keyring and
// a *BadSignatureError when the signature does not verify.
func (k Keyring) Verify(sigFile string, sig, digest []byte) error {
	alg, keyName, ok := ParseSignatureName(sigFile)
	if !ok {
		return &UnsupportedSignatureError{File: sigFile}
	}
	pub, ok := k[keyName]
	if !ok {
		return &UnknownKeyError{Key: keyName}
	}
	if err := rsa.VerifyPKCS1v15(pub, alg, digest, sig); err != nil {
		return &BadSignatureError{Key: keyName, Err: err}
	}
	return nil
}

// Trusts reports whether the key sigFile names is in the keyring.
func (k Keyring) Trusts(sigFile string) bool {
	_, keyName, ok := ParseSignatureName(sigFile)
	if !ok {
		return false
	}
	_, ok = k[keyName]
	return ok
}

// UnknownKeyError reports a signature by a key that is not trusted.
type UnknownKeyError struct{ Key string }

func (e *UnknownKeyError) Error() string {
	return fmt.Sprintf("signed with key %q, which is not in the keyring: if you trust it, pass it with --keyring", e.Key)
}

// BadSignatureError reports a signature that does not verify with the
// trusted key of its name: the signed bytes were altered, or another key of
// the same name made it.
type BadSignatureError struct {
	Key string
	Err error
}

func (e *BadSignatureError) Error() string {
	return fmt.Sprintf("signature by key %q does not verify: the signed data was modified or signed by a different key of that name", e.Key)
}

func (e *BadSignatureError) Unwrap() error { return e.Err }

// UnsupportedSignatureError reports a signature entry pyko cannot verify.
type UnsupportedSignatureError struct{ File string }

func (e *UnsupportedSignatureError) Error() string {
	return fmt.Sprintf("signature %q is not .SIGN.RSA.<key>, .SIGN.RSA256.<key> or .SIGN.RSA512.<key>", e.File)
}
