package layer

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// DirEntries lists the tree under root as entries owned by root:root,
// keeping modes and symbolic links as they are on disk. The root itself is
// not an entry.
func DirEntries(root string) ([]Entry, error) {
	var out []Entry
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == root {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		e, err := FileEntry(filepath.ToSlash(rel), p, info)
		if err != nil {
			return err
		}
		out = append(out, e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", root, err)
	}
	return out, nil
}

// FileEntry makes an entry for the host file at hostPath, described by
// info (from Lstat), to be stored at path.
func FileEntry(path, hostPath string, info fs.FileInfo) (Entry, error) {
	e := Entry{Path: path, Mode: info.Mode()}
	switch {
	case info.Mode()&fs.ModeSymlink != 0:
		target, err := os.Readlink(hostPath)
		if err != nil {
			return Entry{}, err
		}
		e.Link = target
	case info.Mode().IsRegular():
		e.Size = info.Size()
		e.Open = func() (io.ReadCloser, error) { return os.Open(hostPath) }
	case info.IsDir():
	default:
		return Entry{}, fmt.Errorf("%s: unsupported file type %s", hostPath, info.Mode().Type())
	}
	return e, nil
}
