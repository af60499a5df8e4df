package index

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto"
	"errors"
	"fmt"
	"hash"
	"io"
	"strings"

	"github.com/pyko-dev/pyko/internal/apk/limit"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/apk/signature"
)

// Guards on the signature stream and DESCRIPTION, which are tiny in every
// real index.
const (
	maxSignatureStream = 1 << 20
	maxSignature       = 64 << 10
	maxDescription     = 64 << 10
)

// Index is a verified, parsed APKINDEX.tar.gz.
type Index struct {
	Packages    []*apk.Package
	Description string // the DESCRIPTION entry, e.g. "v20230201-1234-gabcdef"
	SignedBy    string // the name of the trusted key whose signature verified
	// SHA256 is the hex digest of the APKINDEX.tar.gz file, when the
	// reader knows the whole file (Repository.Index does).
	SHA256 string
}

// Read reads an APKINDEX.tar.gz from r. It reads the signature stream,
// hashes the raw bytes of the signed stream while holding them (at most
// WithMaxSize of them) in memory, verifies the signature with keys, and
// only then decompresses and parses the index. An index signed by no key
// in keys fails with a *signature.UnknownKeyError naming its key, before
// the rest of r is read.
func Read(ctx context.Context, r io.Reader, keys signature.Keyring, opts ...Option) (*Index, error) {
	o := options{maxSize: DefaultMaxSize}
	for _, opt := range opts {
		opt(&o)
	}
	// bufio.Reader is an io.ByteReader, so gzip reads exactly the first
	// stream and leaves the second one's first byte unread.
	br := bufio.NewReader(limit.Context(ctx, r))
	sigs, err := readSignatures(br)
	if err != nil {
		return nil, err
	}
	trusted, err := trustedSignatures(sigs, keys)
	if err != nil {
		return nil, fmt.Errorf("verifying APKINDEX: %w", err)
	}

	hashers := map[crypto.Hash]hash.Hash{}
	writers := []io.Writer{}
	for _, s := range trusted {
		if hashers[s.alg] == nil {
			hashers[s.alg] = s.alg.New()
			writers = append(writers, hashers[s.alg])
		}
	}
	var signed bytes.Buffer
	writers = append(writers, &signed)
	if _, err := io.Copy(io.MultiWriter(writers...), limit.Reader(br, o.maxSize, "APKINDEX's signed gzip stream")); err != nil {
		return nil, fmt.Errorf("reading APKINDEX: %w", err)
	}
	if signed.Len() == 0 {
		return nil, errors.New("reading APKINDEX: the file ends after its signature: no index stream")
	}
	signedBy, err := verify(trusted, hashers, keys)
	if err != nil {
		return nil, fmt.Errorf("verifying APKINDEX: %w", err)
	}

	idx, err := readIndexTar(&signed, o.maxSize)
	if err != nil {
		return nil, err
	}
	idx.SignedBy = signedBy
	return idx, nil
}

// readIndexTar decompresses the verified stream and parses its APKINDEX
// and DESCRIPTION entries as they stream past.
func readIndexTar(signed io.Reader, maxSize int64) (*Index, error) {
	zr, err := gzip.NewReader(signed)
	if err != nil {
		return nil, fmt.Errorf("reading APKINDEX index stream: %w", err)
	}
	tr := tar.NewReader(limit.Reader(zr, maxSize, "APKINDEX's decompressed index stream"))
	idx := &Index{}
	found := false
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading APKINDEX index stream: %w", err)
		}
		switch hdr.Name {
		case "APKINDEX":
			if idx.Packages, err = Parse(tr); err != nil {
				return nil, err
			}
			found = true
		case "DESCRIPTION":
			b, err := io.ReadAll(io.LimitReader(tr, maxDescription))
			if err != nil {
				return nil, fmt.Errorf("reading APKINDEX DESCRIPTION: %w", err)
			}
			idx.Description = strings.TrimSpace(string(b))
		}
	}
	if !found {
		return nil, errors.New("reading APKINDEX: the signed tar has no APKINDEX entry")
	}
	return idx, nil
}
