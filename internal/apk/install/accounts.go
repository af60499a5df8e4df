package install

import (
	"fmt"
	"strings"

	"github.com/pyko-dev/pyko/internal/passwd"
)

// addAccount appends a to etc/passwd and its group to etc/group (the
// baselayout's files, or new ones), unless a line with the same name or
// ID is there, and creates its home directory. The shell is /bin/sh only
// when the image has one, so `docker exec` gives a clear error otherwise.
func (t *Tree) addAccount(a Account) error {
	if a.Name == "" {
		return nil
	}
	if strings.ContainsAny(a.Name, ":\n") || !strings.HasPrefix(a.Home, "/") || a.UID < 0 || a.GID < 0 {
		return fmt.Errorf("account %q: needs a name without ':', IDs >= 0 and an absolute home (got %q)", a.Name, a.Home)
	}
	shell := "/sbin/nologin"
	if t.isFile("bin/sh") {
		shell = "/bin/sh"
	}
	user := passwd.User{Name: a.Name, Password: "x", UID: a.UID, GID: a.GID, Home: a.Home, Shell: shell}
	if err := addEntry(t, "etc/passwd", passwd.ParsePasswd, user, a.Name, a.UID); err != nil {
		return err
	}
	group := passwd.Group{Name: a.Name, Password: "x", GID: a.GID}
	if err := addEntry(t, "etc/group", passwd.ParseGroup, group, a.Name, a.GID); err != nil {
		return err
	}
	return t.makeHome(a)
}

// makeHome creates the home directory 0755 owned by the account, leaving
// one that a package already made alone.
func (t *Tree) makeHome(a Account) error {
	target, err := t.parentDir(a.Home)
	if err != nil {
		return err
	}
	switch old := t.nodes[target]; {
	case old == nil:
		t.nodes[target] = &node{kind: kindDir, perm: 0o755, uid: a.UID, gid: a.GID, owner: GeneratedOwner}
	case old.kind != kindDir:
		return genError(a.Home, fmt.Errorf("%w: the home directory is a file or symlink (from %s)", ErrTypeConflict, old.owner))
	}
	return nil
}

// addEntry appends e to the passwd or group file at p (a new one when
// there is none), unless an entry named name or with the ID id is there.
func addEntry[E passwd.Entry](t *Tree, p string, parse func([]byte) *passwd.File[E], e E, name string, id int) error {
	data, _, err := t.readFile(p)
	if err != nil {
		return err
	}
	f := parse(data)
	_, byName := f.ByName(name)
	_, byID := f.ByID(id)
	if byName || byID {
		return nil
	}
	f.Add(e)
	return t.writeFile(p, f.Bytes(), 0o644)
}
