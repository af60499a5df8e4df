// Package treecache keeps directory trees (the build roots of source
// builds) by a key that names their content, so that a later build
// reuses one instead of installing it again. An entry is made in a
// temporary directory, described by a manifest (every path's type, mode,
// size, sha256 or link target), and renamed into place whole; before an
// entry is used, the tree is checked against its manifest, and a damaged
// one is removed and made again, never used.
package treecache

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"syscall"

	"golang.org/x/sync/errgroup"

	"github.com/pyko-dev/pyko/internal/fetch"
)

// Cache is a directory of trees.
type Cache struct {
	dir string
	log *slog.Logger
}

// New returns the cache in dir (made on first use).
func New(dir string, log *slog.Logger) *Cache {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Cache{dir: dir, log: log}
}

const (
	treeName     = "tree"
	manifestName = "manifest.json"
)

// Has tells whether a tree of key is cached, without checking it: for a
// caller deciding whether to make one ahead of need (Get checks it when
// it is needed).
func (c *Cache) Has(key string) bool {
	if !validKey(key) {
		return false
	}
	_, err := os.Stat(filepath.Join(c.dir, key))
	return err == nil
}

// Fill writes a tree into the empty directory dir. It may give sums the
// sha256 of files it wrote, which the manifest then takes rather than
// reading them back.
type Fill func(ctx context.Context, dir string, sums *Sums) error

// Get returns the tree of key: the cached one when it matches its
// manifest, else one made now by fill. The tree must only be read.
func (c *Cache) Get(ctx context.Context, key string, fill Fill) (string, error) {
	if !validKey(key) {
		return "", fmt.Errorf("tree cache key %q", key)
	}
	final := filepath.Join(c.dir, key)
	if _, err := os.Stat(final); err == nil {
		if err := Verify(ctx, final); err == nil {
			return filepath.Join(final, treeName), nil
		} else if ctx.Err() != nil {
			return "", ctx.Err()
		} else {
			c.log.Warn("a cached build root is damaged: making it again", "entry", final, "error", err)
			if err := os.RemoveAll(final); err != nil {
				return "", err
			}
		}
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(c.dir, ".tmp-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	tree := filepath.Join(tmp, treeName)
	if err := os.Mkdir(tree, 0o755); err != nil {
		return "", err
	}
	sums := &Sums{}
	if err := fill(ctx, tree, sums); err != nil {
		return "", err
	}
	if err := writeManifest(ctx, tmp, sums); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, final); err != nil {
		if !errors.Is(err, fs.ErrExist) && !errors.Is(err, syscall.ENOTEMPTY) {
			return "", err
		}
		// Another build made it first: use its entry, checked.
		if err := Verify(ctx, final); err != nil {
			return "", err
		}
	}
	return filepath.Join(final, treeName), nil
}

func validKey(k string) bool {
	if len(k) < 16 || len(k) > 128 {
		return false
	}
	for _, c := range k {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// entry is one path of a tree as the manifest records it.
type entry struct {
	Path   string      `json:"p"`
	Mode   fs.FileMode `json:"m"` // type bits and permissions
	Size   int64       `json:"s,omitempty"`
	SHA256 string      `json:"h,omitempty"`
	Link   string      `json:"l,omitempty"`
}

func writeManifest(ctx context.Context, dir string, sums *Sums) error {
	es, err := scan(ctx, filepath.Join(dir, treeName), sums)
	if err != nil {
		return err
	}
	data, err := json.Marshal(es)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, manifestName), data, 0o644)
}

// Verify checks the entry in dir: its tree has exactly the manifest's
// paths, each with the recorded type, mode, size, content and target.
func Verify(ctx context.Context, dir string) error {
	data, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		return err
	}
	var want []entry
	if err := json.Unmarshal(data, &want); err != nil {
		return fmt.Errorf("%s: %w", manifestName, err)
	}
	got, err := scan(ctx, filepath.Join(dir, treeName), nil)
	if err != nil {
		return err
	}
	if len(got) != len(want) {
		return fmt.Errorf("%d paths, the manifest lists %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			return fmt.Errorf("%s differs from the manifest", got[i].Path)
		}
	}
	return nil
}

// scan describes every path under root, sorted, hashing files in
// parallel but those sums has a sum of their size for.
func scan(ctx context.Context, root string, sums *Sums) ([]entry, error) {
	var es []entry
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil || rel == "." {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		e := entry{Path: filepath.ToSlash(rel), Mode: fi.Mode()}
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			e.Link, err = os.Readlink(p)
		case fi.Mode().IsRegular():
			e.Size = fi.Size()
		}
		es = append(es, e)
		return err
	})
	if err != nil {
		return nil, err
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range es {
		if !es[i].Mode.IsRegular() {
			continue
		}
		if sum, ok := sums.get(es[i].Path, es[i].Size); ok {
			es[i].SHA256 = sum
			continue
		}
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			sum, err := fetch.HashFile(filepath.Join(root, filepath.FromSlash(es[i].Path)))
			es[i].SHA256 = sum
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	slices.SortFunc(es, func(a, b entry) int {
		switch {
		case a.Path < b.Path:
			return -1
		case a.Path > b.Path:
			return 1
		}
		return 0
	})
	return es, nil
}
