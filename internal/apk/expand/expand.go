package expand

import (
	"bufio"
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/pyko-dev/pyko/internal/apk/limit"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/apk/signature"
)

// Package is an expanded, verified .apk. Its data stream waits in a
// temporary file until Close.
type Package struct {
	Info            *apk.Package // from .PKGINFO
	ControlChecksum string       // "Q1" + base64 SHA-1 of the raw control stream, as in C:
	DataHash        string       // hex SHA-256 of the raw data stream, equal to Info.DataHash
	Signed          bool         // a signature by a trusted key verified
	SignedBy        string       // that key's name

	name          string
	controlSHA1   []byte
	controlSHA256 []byte
	dataFile      string
	maxData       int64 // the raw data stream's guard
	// declared is the installed size the index (or the plan) gives, else
	// .PKGINFO's; expandCap is what the data tar may decompress to.
	declared, expandCap int64
}

// Expand reads one .apk from r and verifies it: the signature, when there
// is one, over the control stream; .PKGINFO's datahash over the data
// stream, which is spooled into a file in tempDir while it is hashed; and,
// with WithExpected, the index entry (see VerifyAgainst). Without
// WithExpected, an unsigned package is vouched for by nothing until the
// caller calls VerifyAgainst. The caller must Close the result.
func Expand(ctx context.Context, r io.Reader, tempDir string, keys signature.Keyring, opts ...Option) (*Package, error) {
	o := options{maxControl: DefaultMaxControlSize, maxData: DefaultMaxDataSize, name: "package"}
	for _, opt := range opts {
		opt(&o)
	}
	if o.expected != nil && o.name == "package" {
		o.name = o.expected.Filename()
	}
	p, err := expand(ctx, r, tempDir, keys, &o)
	if err != nil {
		return nil, fmt.Errorf("expanding %s: %w", o.name, err)
	}
	return p, nil
}

func expand(ctx context.Context, r io.Reader, tempDir string, keys signature.Keyring, o *options) (*Package, error) {
	br := bufio.NewReaderSize(limit.Context(ctx, r), 64<<10)
	raw, body, err := readStream(br, o.maxControl, "first gzip stream")
	if errors.Is(err, errEmpty) {
		return nil, errors.New("empty file")
	}
	if err != nil {
		return nil, err
	}
	first, err := tarEntries(body, "first gzip stream")
	if err != nil {
		return nil, err
	}
	var sigs []tarEntry
	controlRaw, control := raw, body
	if len(first) > 0 && signature.IsSignatureName(first[0].name) {
		sigs = first
		controlRaw, control, err = readStream(br, o.maxControl, "control stream")
		if errors.Is(err, errEmpty) {
			return nil, errors.New("the file ends after its signature: no control stream")
		}
		if err != nil {
			return nil, err
		}
	}

	s1, s256 := sha1.Sum(controlRaw), sha256.Sum256(controlRaw)
	p := &Package{
		ControlChecksum: "Q1" + base64.StdEncoding.EncodeToString(s1[:]),
		name:            o.name,
		controlSHA1:     s1[:],
		controlSHA256:   s256[:],
		maxData:         o.maxData,
	}
	if o.expected != nil {
		if err := p.checkChecksum(o.expected); err != nil {
			return nil, err
		}
	}
	if err := p.checkSignatures(sigs, controlRaw, keys, o.expected != nil); err != nil {
		return nil, err
	}

	// Only now, with the control stream verified (or vouched for by the
	// caller's later VerifyAgainst), is .PKGINFO read.
	if p.Info, err = readPKGINFO(control); err != nil {
		return nil, err
	}
	p.declared = p.Info.InstalledSize
	if o.expected != nil && o.expected.InstalledSize > 0 {
		p.declared = o.expected.InstalledSize
	}
	p.expandCap = min(ExpansionCap(p.declared), o.maxData)
	if p.Info.DataHash == "" {
		return nil, errors.New(".PKGINFO has no datahash: the data stream cannot be verified")
	}
	if err := p.spoolData(br, tempDir); err != nil {
		return nil, err
	}
	if o.expected != nil {
		if err := p.VerifyAgainst(o.expected); err != nil {
			p.Close()
			return nil, err
		}
	}
	return p, nil
}

// spoolData copies the rest of the file, the data stream, into a temporary
// file while hashing it, and checks the hash against .PKGINFO's datahash.
func (p *Package) spoolData(br *bufio.Reader, tempDir string) (err error) {
	f, err := os.CreateTemp(tempDir, "apk-data-*.tar.gz")
	if err != nil {
		return fmt.Errorf("spooling data stream: %w", err)
	}
	p.dataFile = f.Name()
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("spooling data stream: %w", cerr)
		}
		if err != nil {
			p.Close()
		}
	}()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), limit.Reader(br, p.maxData, "data stream"))
	if err != nil {
		return fmt.Errorf("spooling data stream: %w", err)
	}
	if n == 0 {
		return errors.New("no data stream after the control stream")
	}
	p.DataHash = hex.EncodeToString(h.Sum(nil))
	want, err := hex.DecodeString(p.Info.DataHash)
	if err != nil || hex.EncodeToString(want) != p.DataHash {
		return fmt.Errorf("data stream has SHA-256 %s, which does not match .PKGINFO's datahash %s: the file was modified or truncated", p.DataHash, p.Info.DataHash)
	}
	return nil
}

// Close removes the spooled data stream. It is safe to call twice.
func (p *Package) Close() error {
	if p.dataFile == "" {
		return nil
	}
	err := os.Remove(p.dataFile)
	p.dataFile = ""
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("removing spooled data of %s: %w", p.name, err)
	}
	return nil
}
