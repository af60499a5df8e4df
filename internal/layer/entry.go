package layer

import (
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"time"
)

// Entry is one file, directory or symbolic link in a layer.
type Entry struct {
	// Path is slash-separated and relative to the image root, without a
	// leading "/", for example "usr/bin/python3.11".
	Path string
	// Mode holds the type bits (0 for a regular file, fs.ModeDir,
	// fs.ModeSymlink) and the permission bits, setuid, setgid and sticky
	// included. The writer keeps them as given: normalising is the caller's
	// policy.
	Mode fs.FileMode
	// Link is the target of a symbolic link.
	Link string
	// Size is the length of a regular file.
	Size int64
	// Open returns a regular file's content; it is called once, while the
	// layer is written, so content is streamed rather than held.
	Open func() (io.ReadCloser, error)
	// UID and GID own the entry.
	UID, GID int
	// ModTime, when set, is the entry's modification time (an OS package's
	// build date, say); it is still clamped by WithMaxModTime. Zero means
	// the layer's WithModTime.
	ModTime time.Time
}

// cleanPath validates p and returns it in canonical form. Absolute paths
// and paths with ".." are rejected so that no entry can land outside the
// image root.
func cleanPath(p string) (string, error) {
	if p == "" || strings.HasPrefix(p, "/") {
		return "", fmt.Errorf("path %q must be relative to the image root", p)
	}
	for _, part := range strings.Split(p, "/") {
		if part == ".." {
			return "", fmt.Errorf("path %q must not contain \"..\"", p)
		}
	}
	c := path.Clean(p)
	if c == "." {
		return "", fmt.Errorf("path %q names the image root", p)
	}
	return c, nil
}

// withParents returns entries sorted by path, with every missing parent
// directory added as 0755 root:root. Duplicate paths are an error: which
// one should win is the caller's decision, not the writer's.
func withParents(entries []Entry) ([]Entry, error) {
	byPath := make(map[string]Entry, len(entries))
	for _, e := range entries {
		p, err := cleanPath(e.Path)
		if err != nil {
			return nil, err
		}
		if _, dup := byPath[p]; dup {
			return nil, fmt.Errorf("path %q appears twice in one layer", p)
		}
		e.Path = p
		byPath[p] = e
	}
	for p := range byPath {
		for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
			if _, ok := byPath[dir]; ok {
				break
			}
			byPath[dir] = Entry{Path: dir, Mode: fs.ModeDir | 0o755}
		}
	}
	out := make([]Entry, 0, len(byPath))
	for _, e := range byPath {
		out = append(out, e)
	}
	sortEntries(out)
	return out, nil
}
