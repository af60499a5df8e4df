package repository

import (
	"context"
	"fmt"
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
	path, err := c.Revalidate(ctx, u)
	if err != nil {
		return nil, fmt.Errorf("reading the %s index of %s: %w", arch, fetch.Redact(r.URL), err)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", fetch.Redact(u), err)
	}
	defer f.Close()
	idx, err := index.Read(ctx, f, keys)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", fetch.Redact(u), err)
	}
	for _, p := range idx.Packages {
		p.Repository = r.URL
	}
	return idx, nil
}
