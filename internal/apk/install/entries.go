package install

import (
	"cmp"
	"io/fs"
	"path"
	"slices"

	"github.com/pyko-dev/pyko/internal/layer"
)

// Group is the part of the filesystem one package owns.
type Group struct {
	// Owner is the package name, or GeneratedOwner.
	Owner string
	// Entries are sorted by path. Besides the owner's files they hold a
	// copy of every ancestor directory with its real mode and owner, so a
	// layer made of one group does not reset, say, /tmp's 1777 to the
	// layer writer's default 0755.
	Entries []layer.Entry
}

// Entries returns the tree as layer entries grouped by owner: packages in
// install order, then GeneratedOwner. Owners without files are left out.
func (t *Tree) Entries() []Group {
	byOwner := map[string]map[string]layer.Entry{}
	for p, n := range t.nodes {
		if p == "" {
			continue
		}
		g := byOwner[n.owner]
		if g == nil {
			g = map[string]layer.Entry{}
			byOwner[n.owner] = g
		}
		g[p] = t.entry(p, n)
		for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
			if _, ok := g[dir]; ok {
				break
			}
			g[dir] = t.entry(dir, t.nodes[dir])
		}
	}
	var order []string
	for _, r := range t.pkgs {
		order = append(order, r.pkg.Name)
	}
	order = append(order, GeneratedOwner)
	var out []Group
	for _, owner := range order {
		g, ok := byOwner[owner]
		if !ok {
			continue
		}
		es := make([]layer.Entry, 0, len(g))
		for _, e := range g {
			es = append(es, e)
		}
		slices.SortFunc(es, func(a, b layer.Entry) int { return cmp.Compare(a.Path, b.Path) })
		out = append(out, Group{Owner: owner, Entries: es})
	}
	return out
}

func (t *Tree) entry(p string, n *node) layer.Entry {
	e := layer.Entry{Path: p, Mode: n.perm, UID: n.uid, GID: n.gid}
	switch n.kind {
	case kindDir:
		e.Mode |= fs.ModeDir
	case kindSymlink:
		e.Mode |= fs.ModeSymlink
		e.Link = n.link
	case kindFile:
		e.Size = n.blob.size
		e.Open = n.blob.open
	}
	return e
}

// ContentPath is the file that holds the content of the regular file at
// p (as Entries names it), for a caller that links rather than copies
// it; "" when p is not a regular file of the tree or shares its file
// with others (small contents are packed). The file is the tree's: it
// must not be written to.
func (t *Tree) ContentPath(p string) string {
	if n, ok := t.nodes[p]; ok && n.kind == kindFile {
		return n.blob.path
	}
	return ""
}
