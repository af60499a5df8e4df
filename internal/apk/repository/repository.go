package repository

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/apk/index"
	"github.com/pyko-dev/pyko/internal/apk/signature"
	"github.com/pyko-dev/pyko/internal/fetch"
)

// IndexName is the file name of an index in its architecture directory.
const IndexName = "APKINDEX.tar.gz"

// Repository is one APK repository.
type Repository struct {
	// URL is the base URL, without the architecture directory, e.g.
	// https://packages.wolfi.dev/os. It may carry credentials
	// (https://user:pass@host/os): use fetch.Redact before showing or
	// writing it.
	URL string
}

// IndexURL is URL/<arch>/APKINDEX.tar.gz.
func (r Repository) IndexURL(arch string) string { return r.base() + "/" + arch + "/" + IndexName }

// PackageURL is URL/<arch>/<name>-<version>.apk.
func (r Repository) PackageURL(arch string, p *apk.Package) string {
	return r.base() + "/" + arch + "/" + p.Filename()
}

func (r Repository) base() string { return strings.TrimRight(r.URL, "/") }

// Index fetches the repository's index for arch through c.Revalidate,
// verifies its signature with keys, parses it and sets Repository = r.URL
// on every package. An index signed by no key in keys fails with a
// *signature.UnknownKeyError naming the key it was signed with.
func (r Repository) Index(ctx context.Context, c *fetch.Client, arch string, keys signature.Keyring) (*index.Index, error) {
	u := r.IndexURL(arch)
	// The signature is checked on the cached copy before a 304 is trusted,
	// so that a corrupt copy, or one signed by a key no longer trusted, is
	// fetched again instead of failing every build; the last copy checked
	// is the one Get returns.
	var idx *index.Index
	var checkErr error // of the last copy checked
	check := func(path string) error {
		idx, checkErr = readIndex(ctx, path, keys)
		return checkErr
	}
	e, err := c.HTTPCache("").Get(ctx, fetch.Request{URL: u, Check: check})
	if err != nil && checkErr != nil && errors.Is(err, checkErr) {
		return nil, fmt.Errorf("reading %s: %w", fetch.Redact(u), checkErr)
	} else if err != nil {
		return nil, fmt.Errorf("reading the %s index of %s: %w", arch, fetch.Redact(r.URL), err)
	}
	if idx == nil { // a local file: not checked by Get
		if idx, err = readIndex(ctx, e.Path, keys); err != nil {
			return nil, fmt.Errorf("reading %s: %w", fetch.Redact(u), err)
		}
	}
	for _, p := range idx.Packages {
		p.Repository = r.URL
	}
	return idx, nil
}

// readIndex verifies and parses the APKINDEX at path, and records the
// file's sha256 (for provenance).
func readIndex(ctx context.Context, path string, keys signature.Keyring) (*index.Index, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	idx, err := index.Read(ctx, io.TeeReader(f, h), keys)
	if err != nil {
		return nil, err
	}
	if _, err := io.Copy(h, f); err != nil {
		return nil, err
	}
	idx.SHA256 = hex.EncodeToString(h.Sum(nil))
	return idx, nil
}
