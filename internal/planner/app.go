package planner

import (
	"fmt"
	"io/fs"

	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/project"
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
