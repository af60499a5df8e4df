// Package regcache keeps pyko's finished layers in a registry repository
// (--cache-repo) as OCI artifacts, so that CI runners sharing nothing but
// a registry reuse each other's layers instead of installing, compiling
// and compressing them again, as BuildKit's registry cache does.
//
// One cache entry is one manifest tagged "pyko-KEY": config media type
// ConfigType, the entry's layers as its layers (each annotated with its
// diff-id), and the entry's small record as an annotation. What is pulled
// is trusted no more than a download: every blob is checked against its
// digest and size, and every layer's uncompressed stream against its
// diff-id, before the local cache takes it.
package regcache

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/pyko-dev/pyko/internal/insecure"
	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/silence"
	"github.com/pyko-dev/pyko/internal/usage"
)

const (
	// ConfigType is the config media type of pyko's cache manifests.
	ConfigType       = "application/vnd.pyko.cache.config.v1+json"
	recordAnnotation = "dev.pyko.cache.record"
	diffIDAnnotation = "dev.pyko.cache.diffid"
	tagPrefix        = "pyko-"
)

// Options are how the repository is reached.
type Options struct {
	// Insecure are --insecure-registry's hosts.
	Insecure []string
	// Timeout cuts an exchange silent for that long; zero: a minute.
	Timeout time.Duration
	// Keychain gives credentials; default: docker's config and helpers.
	Keychain authn.Keychain
	Log      *slog.Logger
}

// Repo is a cache repository.
type Repo struct {
	repo name.Repository
	opts []remote.Option
	log  *slog.Logger
}

// New opens the repository ref names ("registry.example/team/pyko-cache");
// a tag or digest in it is a usage error.
func New(ref string, o Options) (*Repo, error) {
	var nopts []name.Option
	if insecure.Registries(o.Insecure).Match(hostOf(ref)) {
		nopts = append(nopts, name.Insecure)
	}
	repo, err := name.NewRepository(ref, nopts...)
	if err != nil {
		return nil, usage.Errorf("--cache-repo %q: want a repository such as registry.example/team/pyko-cache, without a tag: %v", ref, err)
	}
	if o.Keychain == nil {
		o.Keychain = authn.DefaultKeychain
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Timeout == 0 {
		o.Timeout = time.Minute
	}
	rt := silence.Transport(insecure.Registries(o.Insecure).Transport(remote.DefaultTransport), o.Timeout)
	return &Repo{repo: repo, log: o.Log, opts: []remote.Option{remote.WithAuthFromKeychain(o.Keychain), remote.WithTransport(rt)}}, nil
}

func hostOf(ref string) string {
	for i, c := range ref {
		if c == '/' {
			return ref[:i]
		}
	}
	return ref
}

func (r *Repo) tag(key string) name.Tag { return r.repo.Tag(tagPrefix + key) }

// Put pushes an entry: its layers and its record.
func (r *Repo) Put(ctx context.Context, key string, layers []*layer.Layer, record []byte) error {
	img := mutate.ConfigMediaType(mutate.MediaType(empty.Image, types.OCIManifestSchema1), ConfigType)
	for _, l := range layers {
		diffID, err := l.DiffID()
		if err != nil {
			return err
		}
		if img, err = mutate.Append(img, mutate.Addendum{Layer: l, Annotations: map[string]string{diffIDAnnotation: diffID.String()}}); err != nil {
			return err
		}
	}
	img, ok := mutate.Annotations(img, map[string]string{recordAnnotation: string(record)}).(v1.Image)
	if !ok {
		return errors.New("annotating the cache manifest")
	}
	if err := remote.Write(r.tag(key), img, append(r.opts, remote.WithContext(ctx))...); err != nil {
		return fmt.Errorf("pushing to the cache repository %s: %w", r.repo, err)
	}
	r.log.Debug("pushed to the cache repository", "repository", r.repo.String(), "key", key)
	return nil
}

// Get pulls the entry of key, its blobs into files under dir, each
// checked; ok is false when the repository has no such entry. An entry
// that fails a check is an error, never returned.
func (r *Repo) Get(ctx context.Context, key, dir string) (layers []*layer.Layer, record []byte, ok bool, err error) {
	img, err := remote.Image(r.tag(key), append(r.opts, remote.WithContext(ctx))...)
	var te *transport.Error
	if errors.As(err, &te) && (te.StatusCode == http.StatusNotFound || te.StatusCode == http.StatusUnauthorized || te.StatusCode == http.StatusForbidden) {
		return nil, nil, false, nil
	}
	if err != nil {
		return nil, nil, false, fmt.Errorf("reading the cache repository %s: %w", r.repo, err)
	}
	m, err := img.Manifest()
	if err != nil {
		return nil, nil, false, err
	}
	if m.Config.MediaType != ConfigType {
		return nil, nil, false, fmt.Errorf("%s is not a pyko cache entry (config %s)", r.tag(key), m.Config.MediaType)
	}
	for _, d := range m.Layers {
		l, err := r.pull(img, d, dir)
		if err != nil {
			return nil, nil, false, fmt.Errorf("pulling %s from %s: %w", d.Digest, r.tag(key), err)
		}
		layers = append(layers, l)
	}
	return layers, []byte(m.Annotations[recordAnnotation]), true, nil
}

// pull copies one layer's blob into dir, checking its digest, size and
// diff-id.
func (r *Repo) pull(img v1.Image, d v1.Descriptor, dir string) (*layer.Layer, error) {
	comp := layer.Gzip
	switch d.MediaType {
	case types.OCILayer, types.DockerLayer:
	case types.OCILayerZStd:
		comp = layer.Zstd
	default:
		return nil, fmt.Errorf("layer media type %s", d.MediaType)
	}
	diffID, err := v1.NewHash(d.Annotations[diffIDAnnotation])
	if err != nil {
		return nil, fmt.Errorf("diff-id annotation: %w", err)
	}
	bl, err := img.LayerByDigest(d.Digest)
	if err != nil {
		return nil, err
	}
	rc, err := bl.Compressed()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	f, err := os.CreateTemp(dir, "pulled-*.blob")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(rc, d.Size+1))
	if err != nil {
		return nil, err
	}
	if n != d.Size || "sha256:"+hex.EncodeToString(h.Sum(nil)) != d.Digest.String() {
		return nil, fmt.Errorf("the blob is not %s (%d bytes)", d.Digest, d.Size)
	}
	l := layer.Open(f.Name(), d.Digest, diffID, d.Size, comp)
	if err := checkDiffID(l, diffID); err != nil {
		return nil, err
	}
	return l, nil
}

func checkDiffID(l *layer.Layer, want v1.Hash) error {
	rc, err := l.Uncompressed()
	if err != nil {
		return err
	}
	defer rc.Close()
	h := sha256.New()
	if _, err := io.Copy(h, rc); err != nil {
		return err
	}
	if got := "sha256:" + hex.EncodeToString(h.Sum(nil)); got != want.String() {
		return fmt.Errorf("its uncompressed bytes are %s, not the diff-id %s", got, want)
	}
	return nil
}
