package install

import (
	"path"
	"strings"
)

// busyboxLinks does what Wolfi's busybox trigger does: every path listed
// in etc/busybox-paths.d/* becomes a symlink to busybox, unless something
// is already there. Like apko, links point at /bin/busybox (through the
// merged /bin), falling back to /usr/bin/busybox without that link.
func (t *Tree) busyboxLinks() error {
	canon, dir, err := t.resolve("etc/busybox-paths.d", true, false, "")
	if err != nil || dir == nil || dir.kind != kindDir {
		return nil //nolint:nilerr // no list, nothing to do
	}
	var target string
	for _, p := range []string{"/bin/busybox", "/usr/bin/busybox"} {
		if t.isFile(p) {
			target = p
			break
		}
	}
	for _, name := range t.list(canon) {
		list, ok, err := t.readFile(join(canon, name))
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if target == "" {
			t.log.Debug("busybox applet list without a busybox binary; no links made", "list", join(canon, name))
			return nil
		}
		for _, applet := range strings.Fields(string(list)) {
			if err := t.addApplet(applet, target); err != nil {
				return err
			}
		}
	}
	return nil
}

// addApplet links one listed path to busybox. Lists name paths relative to
// the image root ("usr/bin/[", as `busybox --list-full` prints them) or
// absolute ("/usr/bin/["); both mean the same place.
func (t *Tree) addApplet(applet, target string) error {
	if !strings.HasPrefix(applet, "/") {
		applet = "/" + applet
	}
	if path.Clean(applet) != applet || applet == "/" {
		return genError(applet, ErrBadName)
	}
	at, err := t.parentDir(applet)
	if err != nil {
		return err
	}
	if t.nodes[at] != nil {
		return nil // a real binary (or an earlier link) wins
	}
	t.nodes[at] = &node{kind: kindSymlink, perm: 0o777, link: target, owner: GeneratedOwner}
	return nil
}
