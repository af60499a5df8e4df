package planner

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"strings"

	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/project"
	"github.com/pyko-dev/pyko/internal/secrets"
)

// AppDir is where the project's files land in the image.
const AppDir = "/app"

// appFiles lists the project's files as the plan records them: owned by
// root and not writable by the run-as user (0755 for directories and for
// files with any execute bit, 0644 for other files), symbolic links kept,
// and every regular file's sha256, which the executor checks the bytes
// against. secret, when set, hears of each regular file that looks like
// a secret by name or content: the same read as its hash.
func appFiles(files []project.File, secret func(f project.File, what []string)) ([]plan.AppFile, error) {
	out := []plan.AppFile{}
	for _, f := range files {
		af := plan.AppFile{Path: f.Rel, Mode: plan.FormatMode(uint32(normalMode(f.Mode).Perm()))}
		switch {
		case f.Mode&fs.ModeSymlink != 0:
			af.Type, af.Link = "symlink", f.Link
		case f.Mode.IsDir():
			af.Type = "dir"
		default:
			sum, what, err := hashAndScan(f)
			if err != nil {
				return nil, fmt.Errorf("reading app file %s: %w", f.Rel, err)
			}
			af.Type, af.Size, af.SHA256 = "file", f.Size, sum
			if len(what) > 0 && secret != nil {
				secret(f, what)
			}
		}
		out = append(out, af)
	}
	return out, nil
}

func normalMode(m fs.FileMode) fs.FileMode {
	switch {
	case m&fs.ModeSymlink != 0:
		return fs.ModeSymlink | 0o777
	case m.IsDir():
		return fs.ModeDir | 0o755
	case m&0o111 != 0:
		return 0o755
	}
	return 0o644
}

// hashAndScan is f's sha256 and the kinds of secret it looks like: by
// its name, and by its content when it is small enough to scan (one
// read for both).
func hashAndScan(f project.File) (string, []string, error) {
	var what []string
	if w, ok := secrets.Named(f.Rel); ok {
		what = append(what, w)
	}
	if f.Size > secrets.MaxScanned {
		sum, err := fetch.HashFile(f.Abs)
		return sum, what, err
	}
	b, err := os.ReadFile(f.Abs)
	if err != nil {
		return "", nil, err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), append(what, secrets.Find(b)...), nil
}

// warnSecret names an app file that looks like a secret: the defaults
// leave such files out, so it was included on purpose, or holds a key
// in code.
func warnSecret(log *slog.Logger) func(project.File, []string) {
	return func(f project.File, what []string) {
		log.Warn("an app file looks like a secret: it goes into the image, which anyone who can pull it can read",
			"file", f.Rel, "holds", strings.Join(what, ", "))
	}
}
