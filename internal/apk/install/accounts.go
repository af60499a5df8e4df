package install

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
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
	passwd, _, err := t.readFile("etc/passwd")
	if err != nil {
		return err
	}
	if !hasEntry(passwd, a.Name, a.UID) {
		line := fmt.Sprintf("%s:x:%d:%d::%s:%s", a.Name, a.UID, a.GID, a.Home, shell)
		if err := t.writeFile("etc/passwd", appendLine(passwd, line), 0o644); err != nil {
			return err
		}
	}
	group, _, err := t.readFile("etc/group")
	if err != nil {
		return err
	}
	if !hasEntry(group, a.Name, a.GID) {
		line := fmt.Sprintf("%s:x:%d:", a.Name, a.GID)
		if err := t.writeFile("etc/group", appendLine(group, line), 0o644); err != nil {
			return err
		}
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

// hasEntry reports whether a passwd or group file has a line for name or
// id (the first and third fields).
func hasEntry(file []byte, name string, id int) bool {
	for _, l := range strings.Split(string(file), "\n") {
		f := strings.Split(l, ":")
		if len(f) < 3 {
			continue
		}
		if f[0] == name || f[2] == strconv.Itoa(id) {
			return true
		}
	}
	return false
}

func appendLine(b []byte, line string) []byte {
	out := bytes.Clone(b)
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	return append(out, line+"\n"...)
}
