package wolfimirror

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
)

// srcFile is one non-directory entry of an unpacked .deb, at its place in
// the mirror.
type srcFile struct {
	path     string // in the package, relocated under /usr
	abs      string // on disk
	mode     fs.FileMode
	link     string // symlink target, adjusted to the relocation
	uid, gid int
}

// usrMerge maps Debian's top-level directories to where a merged-usr Wolfi
// package puts them. Wolfi has no /usr/sbin either: sbin is bin.
var usrMerge = []struct{ from, to string }{
	{"lib64/", "usr/lib/"},
	{"lib/", "usr/lib/"},
	{"bin/", "usr/bin/"},
	{"sbin/", "usr/bin/"},
	{"usr/sbin/", "usr/bin/"},
}

// relocate maps a path relative to the root to its merged-usr place.
func relocate(p string) string {
	for _, m := range usrMerge {
		if strings.HasPrefix(p, m.from) {
			return m.to + strings.TrimPrefix(p, m.from)
		}
	}
	return p
}

// retarget adjusts the target of a symlink moved from oldPath to newPath so
// that it still names the same (relocated) file. Targets into the moved
// directories become relative; other absolute targets are kept.
func retarget(oldPath, newPath, target string) string {
	var resolved string
	if path.IsAbs(target) {
		resolved = strings.TrimPrefix(path.Clean(target), "/")
		if relocate(resolved) == resolved {
			return target
		}
	} else {
		resolved = path.Join(path.Dir(oldPath), target)
		if resolved == ".." || strings.HasPrefix(resolved, "../") {
			return target // points out of the root; leave it to the reader
		}
	}
	rel, err := filepath.Rel(path.Dir(newPath), relocate(resolved))
	if err != nil {
		return target
	}
	return filepath.ToSlash(rel)
}

// collect lists the non-directory entries of an unpacked .deb, relocated.
func collect(d *deb) ([]srcFile, error) {
	var out []srcFile
	err := filepath.WalkDir(d.root, func(abs string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, err := filepath.Rel(d.root, abs)
		if err != nil {
			return err
		}
		fi, err := e.Info()
		if err != nil {
			return err
		}
		old := filepath.ToSlash(rel)
		f := srcFile{path: relocate(old), abs: abs, mode: fi.Mode()}
		if st, ok := fi.Sys().(*syscall.Stat_t); ok {
			f.uid, f.gid = int(st.Uid), int(st.Gid)
		}
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			t, err := os.Readlink(abs)
			if err != nil {
				return err
			}
			f.link = retarget(old, f.path, t)
		case !fi.Mode().IsRegular():
			return fmt.Errorf("%s in %s: unsupported file type %v", old, d.name, fi.Mode().Type())
		}
		out = append(out, f)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing files of %s: %w", d.name, err)
	}
	return out, nil
}

// matches reports whether p or one of its parent directories matches one
// of the patterns.
func matches(p string, patterns []string) bool {
	for q := p; q != "." && q != "/"; q = path.Dir(q) {
		for _, pat := range patterns {
			if ok, _ := path.Match(pat, q); ok {
				return true
			}
		}
	}
	return false
}

// keep reports whether recipe r ships p.
func (r *recipe) keep(p string) bool {
	if matches(p, droppedEverywhere) || matches(p, r.drop) {
		return false
	}
	return len(r.only) == 0 || matches(p, r.only)
}

// file is the apkrepo entry of f; its content is streamed from disk.
func (f srcFile) file() apkrepo.File {
	abs := f.abs
	out := apkrepo.File{Path: f.path, Mode: f.mode, Link: f.link, UID: f.uid, GID: f.gid}
	if f.mode.IsRegular() {
		out.Open = func() (io.ReadCloser, error) { return os.Open(abs) }
	}
	return out
}
