package planner

import (
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
// against.
func appFiles(files []project.File) ([]plan.AppFile, error) {
	out := []plan.AppFile{}
	for _, f := range files {
		af := plan.AppFile{Path: f.Rel, Mode: plan.FormatMode(uint32(normalMode(f.Mode).Perm()))}
		switch {
		case f.Mode&fs.ModeSymlink != 0:
			af.Type, af.Link = "symlink", f.Link
		case f.Mode.IsDir():
			af.Type = "dir"
		default:
			sum, err := fetch.HashFile(f.Abs)
			if err != nil {
				return nil, fmt.Errorf("reading app file %s: %w", f.Rel, err)
			}
			af.Type, af.Size, af.SHA256 = "file", f.Size, sum
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

// warnSecrets names the app files that look like secrets, by name or by
// content: the defaults leave such files out, so these were included on
// purpose, or hold a key in code.
func warnSecrets(log *slog.Logger, files []project.File) error {
	for _, f := range files {
		if !f.Mode.IsRegular() {
			continue
		}
		var what []string
		if w, ok := secrets.Named(f.Rel); ok {
			what = append(what, w)
		}
		if f.Size <= secrets.MaxScanned {
			b, err := os.ReadFile(f.Abs)
			if err != nil {
				return fmt.Errorf("reading app file %s: %w", f.Rel, err)
			}
			what = append(what, secrets.Find(b)...)
		}
		if len(what) > 0 {
			log.Warn("an app file looks like a secret: it goes into the image, which anyone who can pull it can read",
				"file", f.Rel, "holds", strings.Join(what, ", "))
		}
	}
	return nil
}
