package install

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// maxHops is how many symlinks one resolution may follow, as Linux's
// MAXSYMLINKS.
const maxHops = 40

// resolve walks p (absolute or relative, both from the image root) through
// the tree. Every symlink met before the last component is followed, with
// absolute targets taken from the image root; the last one is followed
// only if followLast. With create, missing directories on the way are made
// (0755 root:root, owned by owner), as mkdir -p does.
//
// It returns the canonical path of the last component and the node there,
// nil if nothing is. ".." above the root is an escape, never clamped.
func (t *Tree) resolve(p string, followLast, create bool, owner string) (string, *node, error) {
	parts := splitPath(p)
	cur, hops, via := "", 0, ""
	for len(parts) > 0 {
		c := parts[0]
		parts = parts[1:]
		last := len(parts) == 0
		if c == "." {
			continue
		}
		if c == ".." {
			if cur == "" {
				return "", nil, withVia(ErrEscapesRoot, via)
			}
			if cur = path.Dir(cur); cur == "." {
				cur = ""
			}
			continue
		}
		next := join(cur, c)
		n := t.nodes[next]
		if n == nil {
			if last {
				return next, nil, nil
			}
			if !create {
				return next, nil, withVia(fmt.Errorf("%q: %w", next, fs.ErrNotExist), via)
			}
			n = &node{kind: kindDir, perm: 0o755, owner: owner, implicit: true}
			t.nodes[next] = n
		}
		if n.kind == kindSymlink && (!last || followLast) {
			if hops++; hops > maxHops {
				return "", nil, withVia(ErrSymlinkLoop, via)
			}
			if n.link == "" {
				return "", nil, fmt.Errorf("symlink %q has an empty target: %w", next, fs.ErrNotExist)
			}
			via = fmt.Sprintf("symlink %q -> %q", next, n.link)
			if strings.HasPrefix(n.link, "/") {
				cur = ""
			}
			parts = append(splitPath(n.link), parts...)
			continue
		}
		if !last && n.kind != kindDir {
			return "", nil, withVia(fmt.Errorf("%q: %w", next, ErrNotDir), via)
		}
		cur = next
	}
	return cur, t.nodes[cur], nil
}

func withVia(err error, via string) error {
	if via == "" {
		return err
	}
	return fmt.Errorf("following %s: %w", via, err)
}

// splitPath returns p's components without empty ones.
func splitPath(p string) []string {
	var out []string
	for _, c := range strings.Split(p, "/") {
		if c != "" {
			out = append(out, c)
		}
	}
	return out
}

func join(dir, name string) string {
	if dir == "" {
		return name
	}
	return dir + "/" + name
}

// cleanName checks a tar entry name and returns it without a leading "./"
// or trailing "/". skip is set for the root itself and for top-level
// hidden files (.PKGINFO, .SIGN.*, scripts), which are package metadata,
// not data, as apk-tools treats them.
func cleanName(name string) (clean string, skip bool, err error) {
	for strings.HasPrefix(name, "./") {
		name = name[2:]
	}
	name = strings.TrimRight(name, "/")
	if name == "" || name == "." {
		return "", true, nil
	}
	if strings.HasPrefix(name, "/") {
		return "", false, fmt.Errorf("%w: absolute path", ErrBadName)
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			return "", false, fmt.Errorf("%w: control character %q", ErrBadName, r)
		}
	}
	for _, c := range strings.Split(name, "/") {
		switch c {
		case "..":
			return "", false, fmt.Errorf("%w: \"..\" component: %w", ErrBadName, ErrEscapesRoot)
		case ".", "":
			return "", false, fmt.Errorf("%w: empty or \".\" component", ErrBadName)
		}
	}
	if !strings.Contains(name, "/") && strings.HasPrefix(name, ".") {
		return "", true, nil
	}
	return name, false, nil
}
