package build

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"slices"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/apk/repository"
	"github.com/pyko-dev/pyko/internal/apk/signature"
	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/oslock"
)

// osSource is where OS packages come from: the repositories in priority
// order, the keys that must sign them, and the download cache.
type osSource struct {
	client *fetch.Client
	repos  []repository.Repository
	keys   signature.Keyring
	// fingerprints identify the keys in pyko.lock.
	fingerprints []oslock.Key
	// indexes caches each arch's packages, so an index is read once a build.
	indexes map[string][]*apk.Package
	// pems are the keys in PEM form, for an image that has apk-tools.
	pems map[string][]byte
}

func (b *builder) openOS(ctx context.Context) (*osSource, error) {
	client, err := b.fetcher()
	if err != nil {
		return nil, err
	}
	keys, err := repository.LoadKeys(ctx, client, b.o.keyrings())
	if err != nil {
		return nil, withNetworkAdvice(err)
	}
	s := &osSource{client: client, keys: keys, indexes: map[string][]*apk.Package{}, pems: map[string][]byte{}}
	for name, k := range keys {
		der, err := x509.MarshalPKIXPublicKey(k)
		if err != nil {
			return nil, fmt.Errorf("encoding key %s: %w", name, err)
		}
		s.pems[name] = pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	}
	for _, u := range b.o.repositories() {
		s.repos = append(s.repos, repository.Repository{URL: u})
	}
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range keys {
			if !yield(k) {
				return
			}
		}
	}) {
		s.fingerprints = append(s.fingerprints, oslock.Key{Name: name, SHA256: signature.Fingerprint(keys[name])})
	}
	return s, nil
}

// fetcher is the build's download client, made on first use and shared
// by the OS packages and the wheels.
func (b *builder) fetcher() (*fetch.Client, error) {
	if b.fetch != nil {
		return b.fetch, nil
	}
	c, err := fetch.New(b.o.CacheDir, fetch.WithOffline(b.o.Offline), fetch.WithLogger(b.log))
	if err != nil {
		return nil, fmt.Errorf("opening the download cache: %w", err)
	}
	b.fetch = c
	return c, nil
}

// available returns every package of arch in every repository, in
// repository order.
func (s *osSource) available(ctx context.Context, arch string) ([]*apk.Package, error) {
	if pkgs, ok := s.indexes[arch]; ok {
		return pkgs, nil
	}
	var all []*apk.Package
	for _, r := range s.repos {
		idx, err := r.Index(ctx, s.client, arch, s.keys)
		if err != nil {
			return nil, withNetworkAdvice(err)
		}
		all = append(all, idx.Packages...)
	}
	s.indexes[arch] = all
	return all, nil
}

// redactedURLs are the repository URLs without credentials, for files
// written into the image.
func (s *osSource) redactedURLs() []string {
	var out []string
	for _, r := range s.repos {
		out = append(out, fetch.Redact(r.URL))
	}
	return out
}
