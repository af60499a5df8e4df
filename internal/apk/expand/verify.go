package expand

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/apk/signature"
)

// VerifyAgainst checks that the package is the one the index entry idx
// describes: its control stream matches idx's C: checksum ("Q1" + base64
// SHA-1, or "Q2" + base64 SHA-256) and its name and version match.
func (p *Package) VerifyAgainst(idx *apk.Package) error {
	if err := p.checkChecksum(idx); err != nil {
		return fmt.Errorf("verifying %s: %w", p.name, err)
	}
	if p.Info.Name != idx.Name || p.Info.Version != idx.Version {
		return fmt.Errorf("verifying %s: it is %s but the index entry is %s", p.name, p.Info.ID(), idx.ID())
	}
	return nil
}

func (p *Package) checkChecksum(idx *apk.Package) error {
	var want, got []byte
	switch {
	case strings.HasPrefix(idx.Checksum, "Q1"):
		got = p.controlSHA1
	case strings.HasPrefix(idx.Checksum, "Q2"):
		got = p.controlSHA256
	case idx.Checksum == "":
		return fmt.Errorf("the index entry of %s has no C: checksum", idx.ID())
	default:
		return fmt.Errorf("the index entry of %s has checksum %q: want Q1 (SHA-1) or Q2 (SHA-256)", idx.ID(), idx.Checksum)
	}
	want, err := decodeBase64(idx.Checksum[2:])
	if err != nil || len(want) != len(got) {
		return fmt.Errorf("the index entry of %s has a malformed checksum %q", idx.ID(), idx.Checksum)
	}
	if !bytes.Equal(want, got) {
		return fmt.Errorf("control stream does not match the index checksum %s (it has %s): the file was modified or the index is stale", idx.Checksum, p.ControlChecksum)
	}
	return nil
}

func decodeBase64(s string) ([]byte, error) {
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	return base64.RawStdEncoding.DecodeString(s)
}

// checkSignatures verifies the first signature by a trusted key over the
// raw control stream. A signature by no trusted key is an error unless the
// caller vouched for the control stream (vouched).
func (p *Package) checkSignatures(sigs []tarEntry, controlRaw []byte, keys signature.Keyring, vouched bool) error {
	var unknown error
	for _, s := range sigs {
		if !signature.IsSignatureName(s.name) {
			continue
		}
		h, err := signature.HashFor(s.name)
		if err != nil {
			// A kind pyko cannot verify (.SIGN.DSA.): look further.
			unknown = errors.Join(unknown, err)
			continue
		}
		if !keys.Trusts(s.name) {
			if unknown == nil {
				_, key, _ := signature.ParseSignatureName(s.name)
				unknown = &signature.UnknownKeyError{Key: key}
			}
			continue
		}
		h.Write(controlRaw)
		if err := keys.Verify(s.name, s.body, h.Sum(nil)); err != nil {
			return fmt.Errorf("verifying control stream: %w", err)
		}
		_, p.SignedBy, _ = signature.ParseSignatureName(s.name)
		p.Signed = true
		return nil
	}
	if unknown != nil && !vouched {
		return fmt.Errorf("verifying control stream: %w", unknown)
	}
	return nil
}
