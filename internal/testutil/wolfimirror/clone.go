package wolfimirror

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
)

// Clone copies the mirror at repoDir into dst (created if missing), hard
// linking files where it can: apkrepo replaces files by renaming, never in
// place, so the cache stays untouched when the copy changes. Cloning the
// amd64 and the arm64 mirrors into one dst gives one multi-arch repository.
func Clone(repoDir, dst string) error {
	return filepath.WalkDir(repoDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(repoDir, p)
		if err != nil {
			return err
		}
		out := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(out, 0o755)
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("cloning mirror: %s is not a regular file", p)
		}
		_ = os.Remove(out)
		if err := os.Link(p, out); err == nil {
			return nil
		}
		return copyFile(p, out)
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

// AddNewerVersion republishes package name in the mirror at repoDir (a
// [Clone], not the cache) with its revision bumped ("-r9" becomes "-r10"),
// same files, and re-signs the index as Build signs it. The old version
// stays. It returns the new version.
func AddNewerVersion(ctx context.Context, repoDir, arch, name string, key *apkrepo.Key) (newVersion string, err error) {
	a, err := lookupArch(arch)
	if err != nil {
		return "", fmt.Errorf("adding a newer %s: %w", name, err)
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	return apkrepo.BumpRevision(repoDir, a.apk, name, key, apkrepo.IndexSHA1())
}
