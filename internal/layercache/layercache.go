// Package layercache keeps finished layers, compressed, with their
// diff-ids, by a key that names everything deciding their bytes (package
// checksums, layout, pyko's layer format), so that a warm build reuses a
// layer instead of installing, expanding and compressing it again.
//
// An entry is a list of layers and a small record the caller keeps with
// them (the OS packages' build dates, say). Blobs live once, by digest,
// under blobs/; an entry's record lives under entries/KEY.json with a
// sha256 of its own bytes. Both are written to a temporary name and
// renamed, so a reader never sees half of one. Before an entry is used,
// every blob is checked against its size and digest; an entry that fails
// (a damaged blob, a spoilt record) is removed and reported as missing,
// never used. Two builds may share the cache at once: they write the same
// bytes under the same names.
package layercache

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/atomicfile"
	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/layer"
)

// Cache is a directory of finished layers.
type Cache struct {
	dir    string
	log    *slog.Logger
	remote Remote
}

// Remote is a second cache behind this one (a registry repository): an
// entry missing here is looked for there and kept here, and an entry put
// here is sent there too. It checks what it returns.
type Remote interface {
	Get(ctx context.Context, key, dir string) (layers []*layer.Layer, record []byte, ok bool, err error)
	Put(ctx context.Context, key string, layers []*layer.Layer, record []byte) error
}

// WithRemote puts r behind c.
func (c *Cache) WithRemote(r Remote) *Cache {
	c.remote = r
	return c
}

// New returns the cache in dir (made on first use).
func New(dir string, log *slog.Logger) *Cache {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Cache{dir: dir, log: log}
}

// record is an entry's file.
type record struct {
	Layers []blob          `json:"layers"`
	Extra  json.RawMessage `json:"extra,omitempty"`
	// Sum is the sha256 of the record with Sum empty.
	Sum string `json:"sum"`
}

type blob struct {
	Digest      string `json:"digest"`
	DiffID      string `json:"diffID"`
	Size        int64  `json:"size"`
	Compression string `json:"compression"`
}

// Key hashes what decides an entry's bytes (any JSON-encodable value)
// into a key.
func Key(v any) (string, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}

// Get returns the layers of key and decodes its record into extra (when
// not nil), after checking every blob; ok is false for a missing entry
// and for a damaged one, which is removed.
func (c *Cache) Get(ctx context.Context, key string, extra any) (layers []*layer.Layer, ok bool) {
	file := c.entry(key)
	data, err := os.ReadFile(file)
	if errors.Is(err, os.ErrNotExist) && c.remote != nil && c.pull(ctx, key) {
		data, err = os.ReadFile(file)
	}
	if errors.Is(err, os.ErrNotExist) {
		return nil, false
	}
	layers, err = c.check(ctx, data, extra)
	if err != nil {
		if ctx.Err() == nil {
			c.log.Warn("a cached layer is damaged: writing it again", "entry", file, "error", err)
			os.Remove(file)
		}
		return nil, false
	}
	return layers, true
}

func (c *Cache) check(ctx context.Context, data []byte, extra any) ([]*layer.Layer, error) {
	var r record
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, err
	}
	if want := r.Sum; want != sum(r) {
		return nil, errors.New("the record does not match its sha256")
	}
	if extra != nil && len(r.Extra) > 0 {
		if err := json.Unmarshal(r.Extra, extra); err != nil {
			return nil, err
		}
	}
	var out []*layer.Layer
	for _, b := range r.Layers {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		l, err := c.checkBlob(b)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

func (c *Cache) checkBlob(b blob) (*layer.Layer, error) {
	digest, err := v1.NewHash(b.Digest)
	if err != nil {
		return nil, err
	}
	diffID, err := v1.NewHash(b.DiffID)
	if err != nil {
		return nil, err
	}
	comp, err := layer.ParseCompression(b.Compression)
	if err != nil {
		return nil, err
	}
	file := c.blob(digest)
	fi, err := os.Stat(file)
	if err != nil {
		return nil, err
	}
	if fi.Size() != b.Size {
		os.Remove(file)
		return nil, fmt.Errorf("blob %s has %d bytes, want %d", digest, fi.Size(), b.Size)
	}
	got, err := fetch.HashFile(file)
	if err != nil {
		return nil, err
	}
	if got != digest.Hex {
		os.Remove(file)
		return nil, fmt.Errorf("blob %s has sha256 %s", digest, got)
	}
	return layer.Open(file, digest, diffID, b.Size, comp), nil
}

// pull copies the remote's entry of key here; false when it has none or
// it fails (a warning says why: the build goes on without it).
func (c *Cache) pull(ctx context.Context, key string) bool {
	tmp := filepath.Join(c.dir, "tmp")
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return false
	}
	dir, err := os.MkdirTemp(tmp, "pull-")
	if err != nil {
		return false
	}
	defer os.RemoveAll(dir)
	layers, rec, ok, err := c.remote.Get(ctx, key, dir)
	if err != nil {
		if ctx.Err() == nil {
			c.log.Warn("the cache repository's entry is not usable: building it here", "key", key, "error", err)
		}
		return false
	}
	if !ok {
		return false
	}
	if _, err := c.put(ctx, key, layers, json.RawMessage(rec)); err != nil {
		c.log.Warn("could not keep an entry of the cache repository", "key", key, "error", err)
		return false
	}
	c.log.Debug("layers from the cache repository", "key", key, "layers", len(layers))
	return true
}

// Put stores layers (their blobs copied in) and extra under key, and
// returns the layers as the cache holds them; with a remote, the entry
// is sent there too (a failure there is a warning).
func (c *Cache) Put(ctx context.Context, key string, layers []*layer.Layer, extra any) ([]*layer.Layer, error) {
	var raw json.RawMessage
	if extra != nil {
		data, err := json.Marshal(extra)
		if err != nil {
			return nil, err
		}
		raw = data
	}
	out, err := c.put(ctx, key, layers, raw)
	if err != nil || c.remote == nil {
		return out, err
	}
	if err := c.remote.Put(ctx, key, out, raw); err != nil && ctx.Err() == nil {
		c.log.Warn("could not push to the cache repository", "error", err)
	}
	return out, nil
}

func (c *Cache) put(ctx context.Context, key string, layers []*layer.Layer, extra json.RawMessage) ([]*layer.Layer, error) {
	r := record{Layers: []blob{}, Extra: extra}
	out := make([]*layer.Layer, len(layers))
	for i, l := range layers {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		b, cached, err := c.putBlob(l)
		if err != nil {
			return nil, fmt.Errorf("caching a layer: %w", err)
		}
		r.Layers, out[i] = append(r.Layers, b), cached
	}
	r.Sum = sum(r)
	data, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(c.dir, "entries"), 0o755); err != nil {
		return nil, err
	}
	// Get checks the record's sha256 and every blob's: see NoSync.
	if err := atomicfile.WriteFile(c.entry(key), data, 0o644, atomicfile.NoSync()); err != nil {
		return nil, fmt.Errorf("caching layers: %w", err)
	}
	return out, nil
}

// putBlob copies l's blob under its digest, unless it is there whole: a
// blob left damaged by a crash or a disk (its entry found bad and
// removed) is replaced, never reused.
func (c *Cache) putBlob(l *layer.Layer) (blob, *layer.Layer, error) {
	digest, _ := l.Digest()
	diffID, _ := l.DiffID()
	size, _ := l.Size()
	b := blob{Digest: digest.String(), DiffID: diffID.String(), Size: size, Compression: string(l.Compression())}
	dst := c.blob(digest)
	cached := layer.Open(dst, digest, diffID, size, l.Compression())
	if fi, err := os.Stat(dst); err == nil && fi.Size() == size {
		if sum, err := fetch.HashFile(dst); err == nil && sum == digest.Hex {
			return b, cached, nil
		}
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return b, nil, err
	}
	src, err := os.Open(l.File())
	if err != nil {
		return b, nil, err
	}
	defer src.Close()
	f, err := atomicfile.Create(dst, 0o644, atomicfile.NoSync())
	if err != nil {
		return b, nil, err
	}
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(f, h), src); err != nil {
		f.Abort()
		return b, nil, err
	}
	if hex.EncodeToString(h.Sum(nil)) != digest.Hex {
		f.Abort()
		return b, nil, fmt.Errorf("layer %s changed while it was cached", digest)
	}
	return b, cached, f.Commit()
}

func (c *Cache) entry(key string) string { return filepath.Join(c.dir, "entries", key+".json") }

func (c *Cache) blob(d v1.Hash) string { return filepath.Join(c.dir, "blobs", d.Algorithm, d.Hex) }

func sum(r record) string {
	r.Sum = ""
	data, _ := json.Marshal(r)
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}
