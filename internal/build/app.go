package build

import (
	"io"
	"io/fs"
	"os"
	"path"

	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/project"
)

// AppDir is where the project's files land in the image.
const AppDir = "/app"

// appEntries places the project's files under /app, owned by root and not
// writable by the run-as user: 0755 for directories and for files with any
// execute bit, 0644 for other files. Symbolic links are kept.
func appEntries(files []project.File) []layer.Entry {
	root := AppDir[1:]
	out := []layer.Entry{{Path: root, Mode: fs.ModeDir | 0o755}}
	for _, f := range files {
		e := layer.Entry{Path: path.Join(root, f.Rel), Mode: normalMode(f.Mode), Link: f.Link}
		if f.Mode.IsRegular() {
			abs := f.Abs
			e.Size = f.Size
			e.Open = func() (io.ReadCloser, error) { return os.Open(abs) }
		}
		out = append(out, e)
	}
	return out
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
