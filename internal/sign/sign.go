// Package sign signs images and their attestations in cosign's format,
// with a cosign key (cosign generate-key-pair), using sigstore's Go
// libraries: `cosign verify --key cosign.pub` and `cosign
// verify-attestation --key cosign.pub --type slsaprovenance1` check what
// it pushes. Signatures go where cosign puts them: the image's
// repository, tags "sha256-HEX.sig" (simple signing payloads, the
// signature in an annotation) and "sha256-HEX.att" (DSSE envelopes of
// in-toto statements). There is no transparency log here: verify with
// --insecure-ignore-tlog, or upload with cosign when one is reachable.
package sign

import (
	"bytes"
	"crypto"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/secure-systems-lab/go-securesystemslib/dsse"
	"github.com/sigstore/sigstore/pkg/cryptoutils"
	"github.com/sigstore/sigstore/pkg/signature"
)

// Media types and annotations of cosign's signature and attestation
// images.
const (
	SimpleSigningMediaType = "application/vnd.dev.cosign.simplesigning.v1+json"
	DSSEMediaType          = "application/vnd.dsse.envelope.v1+json"
	SignatureAnnotation    = "dev.cosignproject.cosign/signature"
	PredicateAnnotation    = "predicateType"
	inTotoPayloadType      = "application/vnd.in-toto+json"
)

// Signer signs with a cosign key.
type Signer struct {
	s signature.Signer
}

// LoadKey reads a cosign private key file, decrypting it with password
// (cosign's COSIGN_PASSWORD; empty for a key made with an empty one).
func LoadKey(file string, password []byte) (*Signer, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("--sign-key: %w", err)
	}
	priv, err := cryptoutils.UnmarshalPEMToPrivateKey(data, func(bool) ([]byte, error) { return password, nil })
	if err != nil {
		return nil, fmt.Errorf("--sign-key %s: %w (a key from cosign generate-key-pair, its password in COSIGN_PASSWORD)", file, err)
	}
	s, err := signature.LoadSigner(priv, crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("--sign-key %s: %w", file, err)
	}
	return &Signer{s: s}, nil
}

// payload is cosign's simple signing payload of an image.
type payload struct {
	Critical struct {
		Identity struct {
			DockerReference string `json:"docker-reference"`
		} `json:"identity"`
		Image struct {
			DockerManifestDigest string `json:"docker-manifest-digest"`
		} `json:"image"`
		Type string `json:"type"`
	} `json:"critical"`
	Optional map[string]any `json:"optional"`
}

// Signature returns the simple signing payload of the image digest in
// repo and its signature, base64-encoded, as cosign's annotation holds it.
func (s *Signer) Signature(repo, digest string) (body []byte, sig string, err error) {
	var p payload
	p.Critical.Identity.DockerReference = repo
	p.Critical.Image.DockerManifestDigest = digest
	p.Critical.Type = "cosign container image signature"
	if body, err = json.Marshal(p); err != nil {
		return nil, "", err
	}
	raw, err := s.s.SignMessage(bytes.NewReader(body))
	if err != nil {
		return nil, "", fmt.Errorf("signing %s: %w", digest, err)
	}
	return body, base64.StdEncoding.EncodeToString(raw), nil
}

// Attestation returns the DSSE envelope of an in-toto statement, signed.
func (s *Signer) Attestation(statement []byte) ([]byte, error) {
	if len(statement) == 0 {
		return nil, errors.New("signing an empty attestation")
	}
	raw, err := s.s.SignMessage(bytes.NewReader(dsse.PAE(inTotoPayloadType, statement)))
	if err != nil {
		return nil, fmt.Errorf("signing the attestation: %w", err)
	}
	env := dsse.Envelope{PayloadType: inTotoPayloadType, Payload: base64.StdEncoding.EncodeToString(statement),
		Signatures: []dsse.Signature{{Sig: base64.StdEncoding.EncodeToString(raw)}}}
	return json.Marshal(env)
}
