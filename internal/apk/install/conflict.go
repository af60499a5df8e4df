package install

import (
	"fmt"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/apk/version"
)

// settle decides what happens when rec's new node n lands on old at path
// target, following apk-tools' apk_db_install_file: keepOld, overwrite
// (nil, false), or an error.
func (t *Tree) settle(target string, old *node, rec *pkgRecord, n *node) (keepOld bool, err error) {
	if old.kind == kindDir {
		return false, fmt.Errorf("%w: /%s is a directory (from %s), this package has a file or symlink there",
			ErrTypeConflict, target, old.owner)
	}
	pkg := rec.pkg
	if old.owner == pkg.Name {
		return false, nil // the same path twice in one tar: the last one wins
	}
	orec := t.byName[old.owner]
	if orec == nil {
		return false, fmt.Errorf("%w: /%s was made by %s", ErrTypeConflict, target, old.owner)
	}
	opkg := orec.pkg
	if opkg.Origin != "" && opkg.Origin == pkg.Origin {
		return false, nil // subpackages of one origin may move files between them
	}
	oldPrio, newPrio := -1, -1
	if replaces(opkg, pkg) {
		oldPrio = opkg.ReplacesPriority
	}
	if replaces(pkg, opkg) {
		newPrio = pkg.ReplacesPriority
	}
	if oldPrio > newPrio {
		return true, nil
	}
	if newPrio >= 0 {
		return false, nil
	}
	if sameContent(old, n) {
		// apk-tools would refuse this; apko, which builds Wolfi's images,
		// keeps the first copy, so Wolfi's package sets rely on it.
		t.log.Debug("identical file in two packages, keeping the first", "path", target, "owner", old.owner, "package", pkg.ID())
		return true, nil
	}
	return false, &FileConflictError{Path: target, Packages: [2]string{opkg.ID(), pkg.ID()}}
}

// replaces reports whether a's replaces list names b, version constraint
// included (apk_dep_is_materialized).
func replaces(a, b *apk.Package) bool {
	for _, d := range a.Replaces {
		if d.Name == b.Name && !d.Conflict && versionMatches(d, b.Version) {
			return true
		}
	}
	return false
}

func versionMatches(d apk.Dependency, v string) bool {
	switch d.Op {
	case apk.OpAny, apk.OpAnyVer:
		return true
	case apk.OpFuzzy, apk.OpFuzzyEq:
		return version.CompareFuzzy(v, d.Version) == 0
	}
	c := version.Compare(v, d.Version)
	switch d.Op {
	case apk.OpEqual:
		return c == 0
	case apk.OpLess:
		return c < 0
	case apk.OpLessEq:
		return c <= 0
	case apk.OpGreater:
		return c > 0
	case apk.OpGreatEq:
		return c >= 0
	}
	return false
}

func sameContent(a, b *node) bool {
	if a.kind != b.kind {
		return false
	}
	if a.kind == kindSymlink {
		return a.link == b.link
	}
	return a.blob == b.blob // content-addressed: one blob per SHA-256
}
