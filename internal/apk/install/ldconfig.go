package install

import (
	"bytes"
	"debug/elf"
	"fmt"
	"path"
	"strings"

	"github.com/pyko-dev/pyko/internal/ldcache"
)

// ldconfig writes etc/ld.so.cache when glibc is installed, built as glibc's
// ldconfig builds it (elf/ldconfig.c search_dir): the directories of
// ld.so.conf, then the system ones, each scanned once even when reached
// through a symlink; files named lib*.so* or ld-*.so* that are ELF for the
// target; keyed by SONAME (or by the name of a development link such as
// libfoo.so that points at it). Missing SONAME links are created, as
// ldconfig does. glibc-hwcaps subdirectories are not scanned.
func (t *Tree) ldconfig(archName string) error {
	if !t.hasGlibc() {
		return nil
	}
	arch, err := ldcache.ParseArch(archName)
	if err != nil {
		return fmt.Errorf("glibc is installed, so Finish.Arch must name the target: %w", err)
	}
	conf, err := t.ldConfDirs()
	if err != nil {
		return err
	}
	triple := map[ldcache.Arch]string{ldcache.X8664: "x86_64-linux-gnu", ldcache.AArch64: "aarch64-linux-gnu"}[arch]
	// Wolfi's glibc has slibdir=libdir=/usr/lib; ldconfig adds the lib64
	// variant. The rest cover other layouts.
	system := []string{"/usr/lib", "/usr/lib64", "/lib", "/lib64", "/usr/lib/" + triple, "/lib/" + triple}
	var entries []ldcache.Entry
	seen := map[string]bool{}
	for _, dir := range append(conf, system...) {
		dir = strings.TrimRight(dir, "/")
		if !strings.HasPrefix(dir, "/") {
			continue // ldconfig refuses relative directories
		}
		canon, n, err := t.resolve(dir, true, false, "")
		if err != nil || n == nil || n.kind != kindDir || seen[canon] {
			continue
		}
		seen[canon] = true
		entries = append(entries, t.scanLibDir(dir, canon, arch)...)
	}
	var buf bytes.Buffer
	if err := ldcache.Write(&buf, entries, arch); err != nil {
		return err
	}
	return t.writeFile("etc/ld.so.cache", buf.Bytes(), 0o644)
}

// hasGlibc: a package named glibc, or a glibc dynamic loader anywhere.
func (t *Tree) hasGlibc() bool {
	if _, ok := t.byName["glibc"]; ok {
		return true
	}
	for p := range t.nodes {
		if b := path.Base(p); strings.HasPrefix(b, "ld-linux") && strings.Contains(b, ".so") {
			return true
		}
	}
	return false
}

type dlib struct {
	name, soname string
	isLink       bool
}

// scanLibDir is ldconfig's search_dir for one directory: dir as the cache
// will name it, canon its place in the tree.
func (t *Tree) scanLibDir(dir, canon string, arch ldcache.Arch) []ldcache.Entry {
	var libs []*dlib
	bySoname := map[string]*dlib{}
	for _, name := range t.list(canon) {
		if !(strings.HasPrefix(name, "lib") || strings.HasPrefix(name, "ld-")) || !strings.Contains(name, ".so") ||
			strings.Contains(name, ".#prelink#") {
			continue
		}
		_, target, err := t.resolve(join(canon, name), true, false, "")
		if err != nil || target == nil || target.kind != kindFile {
			continue // stale links, directories (glibc-hwcaps), escapes
		}
		soname, ok := elfSoname(target.blob, arch)
		if !ok {
			continue
		}
		if soname == "" {
			soname = name // implicit_soname
		}
		isLink := t.nodes[join(canon, name)].kind == kindSymlink
		// A link counts as one only if it is named by the SONAME or is the
		// libfoo.so development link for it; otherwise it is another
		// implementation of the SONAME.
		if isLink && name != soname && !(strings.HasSuffix(name, ".so") && strings.HasPrefix(soname, name)) {
			isLink = false
		}
		if isLink {
			soname = name
		}
		if d := bySoname[soname]; d != nil {
			if (!isLink && d.isLink) || (isLink == d.isLink && arch.Libcmp(d.name, name) < 0) {
				d.name, d.isLink = name, isLink // prefer a file to a link, then the newest
			}
			continue
		}
		d := &dlib{name: name, soname: soname, isLink: isLink}
		libs = append(libs, d)
		bySoname[soname] = d
	}
	var entries []ldcache.Entry
	for _, d := range libs {
		if !d.isLink && d.soname != d.name && t.nodes[join(canon, d.soname)] == nil {
			t.nodes[join(canon, d.soname)] = &node{kind: kindSymlink, perm: 0o777, link: d.name, owner: GeneratedOwner}
		}
		entries = append(entries, ldcache.Entry{Key: d.soname, Path: dir + "/" + d.soname})
	}
	return entries
}

// elfSoname reads a shared object's DT_SONAME ("" if it has none). ok is
// false for anything that is not a dynamic ELF object of arch.
func elfSoname(b *blob, arch ldcache.Arch) (soname string, ok bool) {
	r, c, err := b.readerAt()
	if err != nil {
		return "", false
	}
	defer c.Close()
	ef, err := elf.NewFile(r)
	if err != nil {
		return "", false
	}
	machine := map[ldcache.Arch]elf.Machine{ldcache.X8664: elf.EM_X86_64, ldcache.AArch64: elf.EM_AARCH64}[arch]
	if ef.Class != elf.ELFCLASS64 || ef.Machine != machine {
		return "", false
	}
	dynamic := false
	for _, p := range ef.Progs {
		dynamic = dynamic || p.Type == elf.PT_DYNAMIC
	}
	if !dynamic {
		return "", false
	}
	names, err := ef.DynString(elf.DT_SONAME)
	if err != nil || len(names) == 0 {
		return "", true
	}
	return names[0], true
}
