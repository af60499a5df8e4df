package srcbuild

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"syscall"

	"github.com/pyko-dev/pyko/internal/atomicfile"
	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/python/pep517"
)

// cacheVersion changes when a cached wheel of the same key could differ.
const cacheVersion = "srcbuild-v1"

// record is what a cache entry says of its wheel.
type record struct {
	Filename string `json:"filename"`
	SHA256   string `json:"sha256"`
	Size     int64  `json:"size"`
}

// cacheKey is everything that decides the built wheel's bytes: the
// sdist's content, the build root's packages, the Python, the driver and
// SOURCE_DATE_EPOCH. (The build requirements are resolved from the index
// when the build runs; a cached wheel keeps the set it was built with.)
func (b *Builder) cacheKey(r Request) (string, error) {
	sum := "source " + r.SourceKey
	if r.Sdist != "" {
		s, _, err := fileSHA256(r.Sdist)
		if err != nil {
			return "", err
		}
		sum = "sdist " + s
	}
	h := sha256.New()
	for _, s := range []string{cacheVersion, pep517.DriverVersion, sum, r.RootKey, r.Target.FullPython(), r.Target.APKArch,
		strconv.FormatInt(b.o.SourceDateEpoch, 10)} {
		fmt.Fprintf(h, "%s\n", s)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func (b *Builder) entryDir(key string) string {
	return filepath.Join(b.o.Fetch.Dir(), "built", key[:2], key)
}

// cached returns the cached wheel of key when its entry is whole: the
// file's sha256 and size are the recorded ones. A bad entry is removed
// with a warning, so the wheel is built again.
func (b *Builder) cached(key string, w plan.Wheel) (string, bool) {
	dir := b.entryDir(key)
	data, err := os.ReadFile(filepath.Join(dir, "built.json"))
	if os.IsNotExist(err) {
		return "", false
	}
	bad := func(why error) (string, bool) {
		b.o.Log.Warn("a cached built wheel is damaged: building it again", "package", w.ID(), "entry", dir, "error", why)
		_ = os.RemoveAll(dir)
		return "", false
	}
	var rec record
	if err != nil {
		return bad(err)
	}
	if err := json.Unmarshal(data, &rec); err != nil || filepath.Base(rec.Filename) != rec.Filename || rec.Filename == "" {
		return bad(fmt.Errorf("built.json: %q", data))
	}
	p := filepath.Join(dir, rec.Filename)
	sum, n, err := fileSHA256(p)
	if err != nil {
		return bad(err)
	}
	if sum != rec.SHA256 || n != rec.Size {
		return bad(fmt.Errorf("%s has sha256 %s and %d bytes, want %s and %d", rec.Filename, sum, n, rec.SHA256, rec.Size))
	}
	if err := checkName(rec.Filename, w); err != nil {
		return bad(err)
	}
	return p, true
}

// store copies the built wheel into the cache: written under a temporary
// name, then renamed whole. Another build that stored the same key first
// wins; its entry is used.
func (b *Builder) store(key, built string) (string, error) {
	sum, n, err := fileSHA256(built)
	if err != nil {
		return "", err
	}
	final := b.entryDir(key)
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(final), ".tmp-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	name := filepath.Base(built)
	if err := copyFile(built, filepath.Join(tmp, name)); err != nil {
		return "", fmt.Errorf("caching the built wheel: %w", err)
	}
	rec, _ := json.Marshal(record{Filename: name, SHA256: sum, Size: n})
	if err := atomicfile.WriteFile(filepath.Join(tmp, "built.json"), rec, 0o644); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, final); err != nil && !errors.Is(err, fs.ErrExist) && !errors.Is(err, syscall.ENOTEMPTY) {
		return "", fmt.Errorf("caching the built wheel: %w", err)
	}
	return filepath.Join(final, name), nil
}

// fileSHA256 is the file's sha256 (fetch.HashFile) and size.
func fileSHA256(p string) (string, int64, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return "", 0, err
	}
	sum, err := fetch.HashFile(p)
	return sum, fi.Size(), err
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
