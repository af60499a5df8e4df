package index

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"crypto"
	"errors"
	"fmt"
	"hash"
	"io"

	"github.com/pyko-dev/pyko/internal/apk/limit"

	"github.com/pyko-dev/pyko/internal/apk/signature"
)

// sig is one signature entry of the first gzip stream.
type sig struct {
	file string
	alg  crypto.Hash
	key  string
	sig  []byte
}

// readSignatures reads the first gzip stream and returns its .SIGN.*
// entries. A cut tar (no end-of-archive blocks, as abuild and melange
// write) simply ends at the end of the stream.
func readSignatures(br *bufio.Reader) ([]sig, error) {
	zr, err := gzip.NewReader(br)
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("reading APKINDEX: empty file")
		}
		return nil, fmt.Errorf("reading APKINDEX signature stream: %w", err)
	}
	zr.Multistream(false)
	body := limit.Reader(zr, maxSignatureStream, "APKINDEX's signature stream")
	tr := tar.NewReader(body)
	var sigs []sig
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading APKINDEX signature stream: %w", err)
		}
		if !signature.IsSignatureName(hdr.Name) {
			continue
		}
		b, err := io.ReadAll(io.LimitReader(tr, maxSignature+1))
		if err != nil {
			return nil, fmt.Errorf("reading APKINDEX signature %s: %w", hdr.Name, err)
		}
		if len(b) > maxSignature {
			return nil, fmt.Errorf("reading APKINDEX signature %s: larger than %d bytes", hdr.Name, maxSignature)
		}
		s := sig{file: hdr.Name, sig: b}
		s.alg, s.key, _ = signature.ParseSignatureName(hdr.Name)
		sigs = append(sigs, s)
	}
	// Read to the end of the stream so that gzip checks its CRC and the
	// next byte of br is the first of the signed stream.
	if _, err := io.Copy(io.Discard, body); err != nil {
		return nil, fmt.Errorf("reading APKINDEX signature stream: %w", err)
	}
	if len(sigs) == 0 {
		return nil, errors.New("reading APKINDEX: not signed: its first gzip stream holds no .SIGN.RSA.<key> entry")
	}
	return sigs, nil
}

// trustedSignatures keeps the verifiable signatures by trusted keys, in
// file order. None is an *UnknownKeyError naming the first key seen.
func trustedSignatures(sigs []sig, keys signature.Keyring) ([]sig, error) {
	var trusted []sig
	for _, s := range sigs {
		if s.key != "" && keys.Trusts(s.file) {
			trusted = append(trusted, s)
		}
	}
	if len(trusted) > 0 {
		return trusted, nil
	}
	for _, s := range sigs {
		if s.key != "" {
			return nil, &signature.UnknownKeyError{Key: s.key}
		}
	}
	return nil, &signature.UnsupportedSignatureError{File: sigs[0].file}
}

// verify returns the key name of the first trusted signature that
// verifies, or the first failure.
func verify(trusted []sig, hashers map[crypto.Hash]hash.Hash, keys signature.Keyring) (string, error) {
	var first error
	for _, s := range trusted {
		err := keys.Verify(s.file, s.sig, hashers[s.alg].Sum(nil))
		if err == nil {
			return s.key, nil
		}
		if first == nil {
			first = err
		}
	}
	return "", first
}
