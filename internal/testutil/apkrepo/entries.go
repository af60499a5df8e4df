package apkrepo

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// prepare validates files, fills in default modes, adds missing parent
// directories and sorts the entries by path. With unsafe, files are kept
// verbatim and in order, for negative tests.
func prepare(files []File, unsafe bool) ([]File, error) {
	out := make([]File, 0, len(files))
	for _, f := range files {
		f.Mode = defaultMode(f.Mode)
		if !unsafe {
			f.Path = strings.TrimPrefix(f.Path, "/")
			if !fs.ValidPath(f.Path) || f.Path == "." {
				return nil, fmt.Errorf("file path %q: want a clean relative path without \"..\" (use AllowUnsafePaths for bad-input tests)", f.Path)
			}
		}
		out = append(out, f)
	}
	if unsafe {
		return out, nil
	}
	byPath := make(map[string]File, len(out))
	for _, f := range out {
		if _, dup := byPath[f.Path]; dup {
			return nil, fmt.Errorf("file path %q: listed twice", f.Path)
		}
		byPath[f.Path] = f
	}
	for _, f := range out {
		for d := path.Dir(f.Path); d != "."; d = path.Dir(d) {
			p, ok := byPath[d]
			if !ok {
				byPath[d] = File{Path: d, Mode: fs.ModeDir | 0o755}
			} else if !p.Mode.IsDir() {
				return nil, fmt.Errorf("file path %q: parent %q is not a directory in this package", f.Path, d)
			}
		}
	}
	out = out[:0]
	for _, f := range byPath {
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	for _, f := range out {
		if isHardLink(f) {
			if t, ok := byPath[f.Link]; !ok || !t.Mode.IsRegular() || isHardLink(t) || t.Path > f.Path {
				return nil, fmt.Errorf("hard link %q: target %q must be a regular file of the package sorting before it", f.Path, f.Link)
			}
		}
	}
	return out, nil
}

func defaultMode(m fs.FileMode) fs.FileMode {
	if m.Perm() != 0 {
		return m
	}
	switch {
	case m.IsDir():
		return m | 0o755
	case m&fs.ModeSymlink != 0:
		return m | 0o777
	}
	return m | 0o644
}

func isHardLink(f File) bool { return f.Mode.IsRegular() && f.Link != "" }
