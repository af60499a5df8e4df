package install

import (
	"io/fs"
	"path"

	"github.com/pyko-dev/pyko/internal/apk"
)

// pkgRecord is what the installed database says about one package: its
// directories in the order its tar named them, each with the files it
// still owns. Names are the tar's own (before symlinks are followed), as
// apk-tools records them.
type pkgRecord struct {
	pkg    *apk.Package
	dirs   []*dbDir
	dirIdx map[string]*dbDir
}

type dbDir struct {
	name  string
	acl   acl
	files []*dbFile
}

type dbFile struct {
	name    string
	acl     acl
	sum     [20]byte // SHA-1 of the content, or of a symlink's target
	removed bool     // another package took the file over
}

// acl is apk's (mode & 07777, uid, gid).
type acl struct {
	mode     uint32
	uid, gid int
}

// apk-tools' apk_default_acl_dir and apk_default_acl_file: only other
// values are written (M: and a: lines).
var (
	defaultDirACL  = acl{mode: 0o755}
	defaultFileACL = acl{mode: 0o644}
)

func newPkgRecord(p *apk.Package) *pkgRecord {
	return &pkgRecord{pkg: p, dirIdx: map[string]*dbDir{}}
}

// dir returns the record of directory name, adding it in order.
func (r *pkgRecord) dir(name string) *dbDir {
	if d, ok := r.dirIdx[name]; ok {
		return d
	}
	d := &dbDir{name: name, acl: defaultDirACL}
	r.dirs = append(r.dirs, d)
	r.dirIdx[name] = d
	return d
}

// addFile records tar name with its acl and checksum.
func (r *pkgRecord) addFile(name string, a acl, sum [20]byte) *dbFile {
	dir, base := path.Split(name)
	f := &dbFile{name: base, acl: a, sum: sum}
	d := r.dir(path.Clean("/" + dir)[1:])
	d.files = append(d.files, f)
	return f
}

// unixMode converts permission and special bits to the octal st_mode bits
// apk prints (04000 setuid, 02000 setgid, 01000 sticky).
func unixMode(perm fs.FileMode) uint32 {
	m := uint32(perm.Perm())
	if perm&fs.ModeSetuid != 0 {
		m |= 0o4000
	}
	if perm&fs.ModeSetgid != 0 {
		m |= 0o2000
	}
	if perm&fs.ModeSticky != 0 {
		m |= 0o1000
	}
	return m
}
