package signature

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"strings"
	"sync"
	"testing"
)

var testKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

func pkixPEM(t *testing.T, pub any) []byte {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}

func TestParsePublicKey(t *testing.T) {
	key := testKey()
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pkcs1 := pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&key.PublicKey)})
	tests := []struct {
		name    string
		in      []byte
		wantErr string
	}{
		{"pkix", pkixPEM(t, &key.PublicKey), ""},
		{"pkcs1", pkcs1, ""},
		{"with text around", append([]byte("comment\n"), pkixPEM(t, &key.PublicKey)...), ""},
		{"not pem", []byte("ssh-rsa AAAA"), "no PEM block"},
		{"ecdsa", pkixPEM(t, &ec.PublicKey), "APK keys are RSA"},
		{"private key", pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}), "want PUBLIC KEY"},
		{"bad der", pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: []byte{1, 2, 3}}), "parsing PKIX"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pub, err := ParsePublicKey(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !pub.Equal(&key.PublicKey) {
				t.Error("parsed a different key")
			}
		})
	}
}

func TestKeyringAdd(t *testing.T) {
	k := Keyring{}
	if err := k.Add("/etc/apk/keys/wolfi-signing.rsa.pub", pkixPEM(t, &testKey().PublicKey)); err != nil {
		t.Fatal(err)
	}
	if _, ok := k["wolfi-signing.rsa.pub"]; !ok {
		t.Errorf("keys = %v, want the base name", k.Names())
	}
	err := k.Add("bad.rsa.pub", []byte("junk"))
	if err == nil || !strings.Contains(err.Error(), `"bad.rsa.pub"`) {
		t.Errorf("err = %v, want one naming the key", err)
	}
}

func TestParseSignatureName(t *testing.T) {
	tests := []struct {
		in     string
		alg    crypto.Hash
		key    string
		wantOK bool
	}{
		{".SIGN.RSA.wolfi-signing.rsa.pub", crypto.SHA1, "wolfi-signing.rsa.pub", true},
		{".SIGN.RSA256.wolfi-signing.rsa.pub", crypto.SHA256, "wolfi-signing.rsa.pub", true},
		{".SIGN.RSA512.k.pub", crypto.SHA512, "k.pub", true},
		{".SIGN.RSA256.", 0, "", false},
		{".SIGN.RSA.", 0, "", false},
		{".SIGN.DSA.key.pub", 0, "", false},
		{".SIGN.RSA.../x", 0, "", false},
		{".PKGINFO", 0, "", false},
	}
	for _, tt := range tests {
		alg, key, ok := ParseSignatureName(tt.in)
		if ok != tt.wantOK || alg != tt.alg || key != tt.key {
			t.Errorf("ParseSignatureName(%q) = %v, %q, %v; want %v, %q, %v", tt.in, alg, key, ok, tt.alg, tt.key, tt.wantOK)
		}
		if ok && SignatureName(alg, key) != tt.in {
			t.Errorf("SignatureName(%v, %q) = %q, want %q", alg, key, SignatureName(alg, key), tt.in)
		}
	}
}

func sign(t *testing.T, priv *rsa.PrivateKey, sigFile string, data []byte) []byte {
	t.Helper()
	h, err := HashFor(sigFile)
	if err != nil {
		t.Fatal(err)
	}
	h.Write(data)
	alg, _, _ := ParseSignatureName(sigFile)
	sig, err := rsa.SignPKCS1v15(rand.Reader, priv, alg, h.Sum(nil))
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

func digest(t *testing.T, sigFile string, data []byte) []byte {
	t.Helper()
	h, err := HashFor(sigFile)
	if err != nil {
		t.Fatal(err)
	}
	h.Write(data)
	return h.Sum(nil)
}

func TestVerify(t *testing.T) {
	priv := testKey()
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	keys := Keyring{"test.rsa.pub": &priv.PublicKey}
	data := []byte("the signed gzip stream")
	const sha1Name, sha256Name = ".SIGN.RSA.test.rsa.pub", ".SIGN.RSA256.test.rsa.pub"

	var unknown *UnknownKeyError
	var bad *BadSignatureError
	tests := []struct {
		name    string
		sigFile string
		sig     []byte
		data    []byte
		check   func(error) bool
	}{
		{"sha1", sha1Name, sign(t, priv, sha1Name, data), data, func(err error) bool { return err == nil }},
		{"sha256", sha256Name, sign(t, priv, sha256Name, data), data, func(err error) bool { return err == nil }},
		{"sha512", ".SIGN.RSA512.test.rsa.pub", sign(t, priv, ".SIGN.RSA512.test.rsa.pub", data), data, func(err error) bool { return err == nil }},
		{"tampered", sha256Name, sign(t, priv, sha256Name, data), []byte("the signed gzip stream!"), func(err error) bool { return errors.As(err, &bad) && bad.Key == "test.rsa.pub" }},
		{"sha1 signature named as sha256", sha256Name, sign(t, priv, sha1Name, data), data, func(err error) bool { return errors.As(err, &bad) }},
		{"other key same name", sha1Name, sign(t, other, sha1Name, data), data, func(err error) bool { return errors.As(err, &bad) }},
		{"unknown key", ".SIGN.RSA.nobody.rsa.pub", sign(t, other, sha1Name, data), data, func(err error) bool { return errors.As(err, &unknown) && unknown.Key == "nobody.rsa.pub" }},
		{"unsupported", ".SIGN.DSA.test.rsa.pub", []byte("x"), data, func(err error) bool { return err != nil && strings.Contains(err.Error(), ".SIGN.DSA.") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d []byte
			if _, _, ok := ParseSignatureName(tt.sigFile); ok {
				d = digest(t, tt.sigFile, tt.data)
			}
			err := keys.Verify(tt.sigFile, tt.sig, d)
			if !tt.check(err) {
				t.Errorf("Verify = %v", err)
			}
		})
	}
}

func TestErrorMessages(t *testing.T) {
	msg := (&UnknownKeyError{Key: "melange.rsa.pub"}).Error()
	for _, want := range []string{`"melange.rsa.pub"`, "--keyring"} {
		if !strings.Contains(msg, want) {
			t.Errorf("UnknownKeyError = %q, want it to contain %q", msg, want)
		}
	}
	if msg := (&BadSignatureError{Key: "k.pub"}).Error(); !strings.Contains(msg, `"k.pub"`) {
		t.Errorf("BadSignatureError = %q, want it to name the key", msg)
	}
}

func TestFingerprint(t *testing.T) {
	p := pkixPEM(t, &testKey().PublicKey)
	block, _ := pem.Decode(p)
	sum := sha256.Sum256(block.Bytes)
	want := hex.EncodeToString(sum[:])
	pub, err := ParsePublicKey(p)
	if err != nil {
		t.Fatal(err)
	}
	if got := Fingerprint(pub); got != want {
		t.Errorf("Fingerprint = %s, want %s", got, want)
	}
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	if Fingerprint(&other.PublicKey) == want {
		t.Error("two keys share a fingerprint")
	}
}

func FuzzParsePublicKey(f *testing.F) {
	f.Add([]byte("-----BEGIN PUBLIC KEY-----\nMFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAK\n-----END PUBLIC KEY-----\n"))
	f.Add([]byte("junk"))
	f.Fuzz(func(t *testing.T, b []byte) {
		pub, err := ParsePublicKey(b)
		if err == nil && pub == nil {
			t.Fatal("nil key without error")
		}
	})
}
