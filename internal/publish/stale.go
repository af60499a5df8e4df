package publish

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/filelock"
)

// underLock runs write under a lock on the directory that holds path: two
// builds writing one output at once then take turns (an OCI layout's
// index.json is read again by the second), and what killed builds left
// beside path is removed first. The directory is locked, not path, because
// path may not exist yet and is then created by a rename.
func underLock(ctx context.Context, log *slog.Logger, path string, write func() error) error {
	parent := filepath.Dir(path)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	l, err := filelock.Acquire(ctx, parent)
	if err != nil {
		return err
	}
	defer l.Unlock()
	removeStaleTemps(ctx, log, path)
	return write()
}

// staleTemp is the age after which a temporary file or directory beside an
// output is taken to be left by a killed build. Callers hold the output's
// lock, so no live build is creating one; the age keeps the files of a build
// that writes the same place without a lock (an older pyko) out of reach.
const staleTemp = time.Hour

// removeStaleTemps removes what killed builds left beside the output path:
// new layouts (path.tmp-*) and atomicfile's temporary files (.base.tmp-*),
// once older than staleTemp.
func removeStaleTemps(ctx context.Context, log *slog.Logger, path string) {
	parent, base := filepath.Split(path)
	if parent == "" {
		parent = "."
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		if !strings.HasPrefix(n, base+".tmp-") && !strings.HasPrefix(n, "."+base+".tmp-") {
			continue
		}
		fi, err := e.Info()
		if err != nil || time.Since(fi.ModTime()) < staleTemp {
			continue
		}
		stale := filepath.Join(parent, n)
		if err := os.RemoveAll(stale); err != nil {
			log.WarnContext(ctx, "could not remove a temporary file a killed build left", "path", stale, "err", err)
			continue
		}
		log.InfoContext(ctx, "removed a temporary file a killed build left", "path", stale)
	}
}

// hasDigest reports whether the file at path has the sha256 digest d.
func hasDigest(path string, d v1.Hash) bool {
	if d.Algorithm != "sha256" {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return false
	}
	return hex.EncodeToString(h.Sum(nil)) == d.Hex
}
