package planner

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/apk/repository"
	"github.com/pyko-dev/pyko/internal/apk/signature"
	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/oslock"
	"github.com/pyko-dev/pyko/internal/plan"
)

// osSource is where OS packages come from: the repositories in priority
// order, the keys that must sign them, and the download cache.
type osSource struct {
	client *fetch.Client
	repos  []repository.Repository
	keys   signature.Keyring
	// fingerprints identify the keys in pyko.lock.
	fingerprints []oslock.Key
	// indexes caches each arch's packages, so an index is read once a build;
	// indexFiles are the files read, by arch.
	indexes    map[string][]*apk.Package
	indexFiles map[string][]plan.IndexFile
	// sources say where each key was read, by name, without credentials.
	sources map[string]string
}

func (b *planner) openOS(ctx context.Context) (*osSource, error) {
	client := b.o.Fetch
	keys, err := repository.LoadKeys(ctx, client, b.o.keyrings())
	if err != nil {
		return nil, fetch.Advise(err)
	}
	b.keys = keys
	s := &osSource{client: client, keys: keys, indexes: map[string][]*apk.Package{}, sources: map[string]string{}}
	for _, src := range b.o.keyrings() {
		if name, err := repository.KeyName(src); err == nil {
			s.sources[name] = fetch.Redact(src)
		}
	}
	for _, u := range b.o.repositories() {
		s.repos = append(s.repos, repository.Repository{URL: u})
	}
	for _, name := range keys.Names() {
		s.fingerprints = append(s.fingerprints, oslock.Key{Name: name, SHA256: signature.Fingerprint(keys[name])})
	}
	return s, nil
}

// planKeys are the trusted keys as the plan names them.
func (s *osSource) planKeys() []plan.Key {
	var out []plan.Key
	for _, k := range s.fingerprints {
		out = append(out, plan.Key{Name: k.Name, SHA256: k.SHA256, Source: s.sources[k.Name]})
	}
	return out
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
		if err != nil && missing(err) {
			return nil, fmt.Errorf("the repository %s has no packages for %s (no %s index): Wolfi publishes x86_64 and aarch64, so use --platform linux/amd64 or linux/arm64: %w",
				fetch.Redact(r.URL), arch, arch, err)
		}
		if err != nil {
			return nil, fetch.Advise(err)
		}
		all = append(all, idx.Packages...)
		if s.indexFiles == nil {
			s.indexFiles = map[string][]plan.IndexFile{}
		}
		s.indexFiles[arch] = append(s.indexFiles[arch], plan.IndexFile{URL: fetch.Redact(r.IndexURL(arch)), SHA256: idx.SHA256})
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

// missing reports an index that is not there: a 404, or no such file in
// a local repository.
func missing(err error) bool {
	var se *fetch.StatusError
	return errors.Is(err, fs.ErrNotExist) || (errors.As(err, &se) && se.StatusCode == http.StatusNotFound)
}
