package executor

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"path/filepath"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/python/bytecode"
	"github.com/pyko-dev/pyko/internal/target"
	"github.com/pyko-dev/pyko/internal/treecache"
)

// Warm is a base's compiler root being made before the plan is: the root
// of every Python of the base's image for this machine
// (bytecode.AnyPython), which needs none of the facts the plan reads
// from the base, so that it is written while the planner scans the same
// layers, on the other core, rather than after. The execution that
// compiles with that image takes it instead of making it again.
type Warm struct {
	digest string
	done   chan struct{}
	dir    string
	err    error
}

// WarmBaseRoot starts making base's compiler root for this machine's
// platform in the cache under cacheDir (what Options.Fetch.Dir() names)
// and returns at once; nil when the base has no image for this machine,
// which then compiles nothing with it, or when the cache has the root
// already: the execution checks a cached root only if it compiles (a
// build whose layers are all cached does not). Wait for it before
// leaving.
func WarmBaseRoot(ctx context.Context, log *slog.Logger, cacheDir string, base *image.Base) *Warm {
	pis, err := base.Platforms([]v1.Platform{target.Host()})
	if err != nil || len(pis) == 0 {
		return nil
	}
	cache, key := anyPythonCache(log, cacheDir, pis[0])
	if cache.Has(key) {
		return nil
	}
	w := &Warm{digest: pis[0].Digest.String(), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		w.dir, w.err = anyPythonRoot(ctx, log.With("while", "planning"), cacheDir, pis[0])
	}()
	return w
}

// Wait waits for the root; nothing for a nil Warm.
func (w *Warm) Wait() {
	if w != nil {
		<-w.done
	}
}

// root is the warmed root of the image digest, if w made it.
func (w *Warm) root(digest string) (string, bool) {
	if w == nil || w.digest != digest {
		return "", false
	}
	<-w.done
	return w.dir, w.err == nil
}

// anyPythonRoot is bytecode.AnyPython's root of pi, from the cache of
// base roots, else written there.
func anyPythonRoot(ctx context.Context, log *slog.Logger, cacheDir string, pi image.PlatformImage) (string, error) {
	cache, key := anyPythonCache(log, cacheDir, pi)
	return cache.Get(ctx, key, func(ctx context.Context, dir string, sums *treecache.Sums) error {
		log.Info("unpacking the base image to compile bytecode with", "digest", pi.Digest.String())
		r := bytecode.AnyPython(log)
		r.Sums = sums.Add
		return unpackImage(ctx, &pi, dir, r)
	})
}

// anyPythonCache is the cache of base roots and the key of pi's
// AnyPython root in it.
func anyPythonCache(log *slog.Logger, cacheDir string, pi image.PlatformImage) (*treecache.Cache, string) {
	h := sha256.Sum256([]byte("any-python-1\x00" + pi.Digest.String()))
	return treecache.New(filepath.Join(cacheDir, "baseroots"), log), hex.EncodeToString(h[:])
}
