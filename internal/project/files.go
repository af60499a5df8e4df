package project

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/moby/patternmatcher"
)

// File is one entry of the app: a regular file, a directory or a symlink.
type File struct {
	// Rel is the slash-separated path relative to the project directory,
	// e.g. "pkg/mod.py".
	Rel string
	// Abs is the absolute path on the host.
	Abs string
	// Mode comes from Lstat: type bits and permissions.
	Mode fs.FileMode
	// Link is the raw target of a symlink, "" for other types.
	Link string
	// Size is the size of a regular file, 0 for other types.
	Size int64
}

// Files lists the app files: everything under p.Dir except what the
// ignore file (.pykoignore, else .dockerignore), [tool.pyko] exclude and
// include, and DefaultIgnores exclude, sorted by Rel. Directories are
// listed too, so that empty ones are kept.
//
// The ignore file has Docker's semantics (BuildKit's context walker): an
// excluded directory is still walked when an exception may re-include
// something inside it, and is then listed only if something inside it is.
// Symlinks are listed as links and not followed, wherever they point.
// Sockets, devices and named pipes are errors unless excluded, and so is
// a file that cannot be read.
func (p *Project) Files(ctx context.Context) ([]File, error) {
	files, _, err := p.Selection(ctx)
	return files, err
}

// Selection is Files, and the paths that NotableIgnores left out
// (secrets, git's, CI's and editors' files), for a build to name.
func (p *Project) Selection(ctx context.Context) (files []File, leftOut []string, err error) {
	ignorePath := filepath.Join(p.Dir, PykoignoreFile)
	data, err := readOptional(ignorePath)
	if err == nil && data == nil {
		ignorePath = filepath.Join(p.Dir, DockerignoreFile)
		data, err = readOptional(ignorePath)
	}
	if err != nil {
		return nil, nil, err
	}
	var extra []string
	if p.Tool != nil {
		c, err := p.Config()
		if err != nil {
			return nil, nil, err
		}
		extra = append(extra, c.Exclude...)
		for _, in := range c.Include {
			extra = append(extra, "!"+in)
		}
	}
	rules, err := readIgnoreRules(ignorePath, data, extra...)
	if err != nil {
		return nil, nil, err
	}
	notable, err := patternmatcher.New(NotableIgnores())
	if err != nil {
		return nil, nil, err
	}
	w := &walker{root: p.Dir, rules: rules, notable: notable, held: map[string]File{}}
	if err := w.walk(ctx, ".", patternmatcher.MatchInfo{}); err != nil {
		return nil, nil, err
	}
	slices.SortFunc(w.files, func(a, b File) int { return strings.Compare(a.Rel, b.Rel) })
	slices.Sort(w.leftOut)
	return w.files, w.leftOut, nil
}

type walker struct {
	root  string
	rules *ignoreRules
	// notable are NotableIgnores: an excluded path they match is leftOut.
	notable *patternmatcher.PatternMatcher
	leftOut []string
	files   []File
	// held are excluded directories being walked for exceptions; each is
	// listed once something inside it is.
	held map[string]File
}

// walk lists the entries of the directory rel, whose match results are parent.
func (w *walker) walk(ctx context.Context, rel string, parent patternmatcher.MatchInfo) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	dir := filepath.Join(w.root, filepath.FromSlash(rel))
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("reading directory %s: %w", dir, err)
	}
	for _, e := range entries {
		childRel := path.Join(rel, e.Name())
		excluded, info, err := w.rules.excluded(childRel, parent)
		if err != nil {
			return fmt.Errorf("matching %s against .dockerignore: %w", childRel, err)
		}
		if excluded {
			if n, _ := w.notable.MatchesOrParentMatches(childRel); n {
				w.leftOut = append(w.leftOut, childRel)
			}
		}
		if excluded && !(e.IsDir() && w.rules.mayHoldIncluded(childRel)) {
			continue
		}
		f, err := w.stat(childRel)
		if err != nil {
			return err
		}
		if excluded {
			w.held[childRel] = f
		} else {
			w.add(f)
		}
		if f.Mode.IsDir() {
			if err := w.walk(ctx, childRel, info); err != nil {
				return err
			}
		}
		delete(w.held, childRel)
	}
	return nil
}

// add lists f, after any held directories above it.
func (w *walker) add(f File) {
	for d := path.Dir(f.Rel); d != "."; d = path.Dir(d) {
		h, ok := w.held[d]
		if !ok {
			break
		}
		w.files = append(w.files, h)
		delete(w.held, d)
	}
	w.files = append(w.files, f)
}

// stat describes the entry rel, checking that pyko can put it in an image.
func (w *walker) stat(rel string) (File, error) {
	abs := filepath.Join(w.root, filepath.FromSlash(rel))
	fi, err := os.Lstat(abs)
	if err != nil {
		return File{}, fmt.Errorf("reading %s: %w", abs, err)
	}
	f := File{Rel: rel, Abs: abs, Mode: fi.Mode()}
	switch fi.Mode().Type() {
	case 0:
		// Open, to report an unreadable file now rather than mid-build.
		r, err := os.Open(abs)
		if err != nil {
			return File{}, fmt.Errorf("reading %s: %w", abs, err)
		}
		r.Close()
		f.Size = fi.Size()
	case fs.ModeDir:
	case fs.ModeSymlink:
		if f.Link, err = os.Readlink(abs); err != nil {
			return File{}, fmt.Errorf("reading symlink %s: %w", abs, err)
		}
	default:
		return File{}, fmt.Errorf("%s is a %s, which an image cannot hold: remove it or add it to %s",
			abs, fileType(fi.Mode()), DockerignoreFile)
	}
	return f, nil
}

func fileType(m fs.FileMode) string {
	switch {
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeCharDevice != 0:
		return "character device"
	case m&fs.ModeDevice != 0:
		return "device"
	}
	return "special file"
}
