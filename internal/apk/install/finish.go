package install

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// Account is the user the image runs as, added to /etc/passwd and
// /etc/group with its home directory.
type Account struct {
	Name     string
	UID, GID int
	Home     string // absolute, e.g. "/home/nonroot"
}

// Finish says what to write besides the packages' files.
type Finish struct {
	// Account is added unless its Name is empty.
	Account Account
	// Arch is "x86_64" or "aarch64"; needed when glibc is installed, for
	// ld.so.cache.
	Arch string
	// World is written to etc/apk/world (sorted, one per line) when
	// non-nil.
	World []string
	// Repositories and Keys (file name to PEM) are written to
	// etc/apk/repositories and etc/apk/keys/ only when apk-tools is
	// installed: without apk in the image they would be noise, and they
	// tie the digest to a URL.
	Repositories []string
	Keys         map[string][]byte
}

// maxEditSize bounds the files Finish reads back (passwd, group, conf
// files, applet lists).
const maxEditSize = 1 << 20

// Finish writes what package scripts and apk would have written, natively
// and deterministically: busybox applet links, the run-as account,
// ld.so.cache, apk's world (and repositories and keys with apk-tools), and
// last the installed database. Everything it writes is owned by
// GeneratedOwner. It runs once, after every Add.
func (t *Tree) Finish(ctx context.Context, f Finish) error {
	if t.finished {
		return errors.New("finishing the image root twice")
	}
	t.finished = true
	steps := []struct {
		name string
		run  func() error
	}{
		{"creating busybox applet links", t.busyboxLinks},
		{"adding the run-as account", func() error { return t.addAccount(f.Account) }},
		{"writing etc/ld.so.cache", func() error { return t.ldconfig(f.Arch) }},
		{"writing apk's configuration", func() error { return t.apkConfig(f) }},
		{"writing the installed database", t.writeInstalledDB},
	}
	for _, s := range steps {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := s.run(); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
	}
	return nil
}

// genError names the pseudo-package in errors about generated paths.
func genError(p string, err error) error {
	return &PathError{Package: GeneratedOwner, Path: p, Err: err}
}

// parentDir resolves p's directory, creating it (owned by GeneratedOwner)
// where missing, and returns the canonical path p lands at.
func (t *Tree) parentDir(p string) (string, error) {
	dir, base := path.Split(strings.TrimPrefix(p, "/"))
	parent, pn, err := t.resolve(dir, true, true, GeneratedOwner)
	if err != nil {
		return "", genError(p, err)
	}
	if pn == nil {
		t.nodes[parent] = &node{kind: kindDir, perm: 0o755, owner: GeneratedOwner}
	} else if pn.kind != kindDir {
		return "", genError(p, fmt.Errorf("/%s: %w", parent, ErrNotDir))
	}
	return join(parent, base), nil
}

// writeFile puts a generated root-owned file at p, replacing a file or
// symlink there (its package's database record keeps the original
// checksum, as when a script edits a file).
func (t *Tree) writeFile(p string, data []byte, perm fs.FileMode) error {
	target, err := t.parentDir(p)
	if err != nil {
		return err
	}
	if old := t.nodes[target]; old != nil && old.kind == kindDir {
		return genError(p, fmt.Errorf("%w: /%s is a directory", ErrTypeConflict, target))
	}
	b, err := t.blobs.put(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return genError(p, err)
	}
	t.nodes[target] = &node{kind: kindFile, perm: perm, blob: b, owner: GeneratedOwner}
	return nil
}

// readFile returns the regular file at p (symlinks followed), or ok false
// when there is none.
func (t *Tree) readFile(p string) (data []byte, ok bool, err error) {
	_, n, err := t.resolve(p, true, false, "")
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, false, nil
		}
		return nil, false, genError(p, err)
	}
	if n == nil || n.kind != kindFile {
		return nil, false, nil
	}
	data, err = n.blob.read(maxEditSize)
	if err != nil {
		return nil, false, genError(p, err)
	}
	return data, true, nil
}

// list returns the sorted names in the directory at canonical path dir.
func (t *Tree) list(dir string) []string {
	var names []string
	prefix := dir + "/"
	if dir == "" {
		prefix = ""
	}
	for p := range t.nodes {
		rest, ok := strings.CutPrefix(p, prefix)
		if ok && rest != "" && !strings.Contains(rest, "/") {
			names = append(names, rest)
		}
	}
	slices.Sort(names)
	return names
}

// isFile reports whether p resolves (symlinks followed) to a regular file.
func (t *Tree) isFile(p string) bool {
	_, n, err := t.resolve(p, true, false, "")
	return err == nil && n != nil && n.kind == kindFile
}
