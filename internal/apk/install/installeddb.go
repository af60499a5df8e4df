package install

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"strconv"

	"github.com/pyko-dev/pyko/internal/apk"
)

// writeInstalledDB writes lib/apk/db/installed (usr/lib/... through the
// merged /lib) in apk-tools' format, so that apk, syft, grype and trivy see
// every package. Only real packages are listed.
func (t *Tree) writeInstalledDB() error {
	var b bytes.Buffer
	for _, r := range t.pkgs {
		writeRecord(&b, r)
	}
	return t.writeFile("lib/apk/db/installed", b.Bytes(), 0o644)
}

// writeRecord follows apk_pkg_write_index_header, then apk_db_fdb_write:
// the index fields in their order (A, o, m, t, c, k only when set; D, p, i
// only when non-empty), r and q, then each directory (F, M when not
// 0755 root) with its files (R, a when not 0644 root, Z), then a blank line.
func writeRecord(b *bytes.Buffer, r *pkgRecord) {
	p := r.pkg
	field := func(k, v string) { fmt.Fprintf(b, "%s:%s\n", k, v) }
	field("C", p.Checksum)
	field("P", p.Name)
	field("V", p.Version)
	if p.Arch != "" {
		field("A", p.Arch)
	}
	field("S", strconv.FormatInt(p.Size, 10))
	field("I", strconv.FormatInt(p.InstalledSize, 10))
	field("T", p.Description)
	field("U", p.URL)
	field("L", p.License)
	opt := func(k, v string) {
		if v != "" && v != "0" {
			field(k, v)
		}
	}
	opt("o", p.Origin)
	opt("m", p.Maintainer)
	opt("t", strconv.FormatInt(p.BuildTime, 10))
	opt("c", p.Commit)
	opt("k", strconv.Itoa(p.ProviderPriority))
	opt("D", deps(p.Depends))
	opt("p", deps(p.Provides))
	opt("i", deps(p.InstallIf))
	opt("r", deps(p.Replaces))
	opt("q", strconv.Itoa(p.ReplacesPriority))
	for _, d := range rootFirst(r.dirs) {
		field("F", d.name)
		if d.acl != defaultDirACL {
			field("M", aclString(d.acl))
		}
		for _, f := range d.files {
			if f.removed {
				continue
			}
			field("R", f.name)
			if f.acl != defaultFileACL {
				field("a", aclString(f.acl))
			}
			field("Z", "Q1"+base64.StdEncoding.EncodeToString(f.sum[:]))
		}
	}
	b.WriteByte('\n')
}

// rootFirst puts the image root's record ("F:" with an empty name, for
// top-level entries such as Wolfi's bin -> usr/bin) first. apk reads the
// directories in any order; syft skips an empty F: line and would file the
// root's R: lines under the directory before it.
func rootFirst(dirs []*dbDir) []*dbDir {
	for i, d := range dirs {
		if d.name == "" && i > 0 {
			out := append([]*dbDir{d}, dirs[:i]...)
			return append(out, dirs[i+1:]...)
		}
	}
	return dirs
}

// aclString is apk's "uid:gid:mode" with the mode in octal, unpadded.
func aclString(a acl) string {
	return fmt.Sprintf("%d:%d:%o", a.uid, a.gid, a.mode)
}

func deps(ds []apk.Dependency) string {
	var b bytes.Buffer
	for i, d := range ds {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(d.String())
	}
	return b.String()
}
