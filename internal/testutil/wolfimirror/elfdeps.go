package wolfimirror

import (
	"bytes"
	"debug/elf"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
)

// elfFacts are what the ELF files of a package declare.
type elfFacts struct {
	sonames []string // DT_SONAME of each shared library
	needed  []string // DT_NEEDED and PT_INTERP (by base name) of every file
}

// scanELF reads the dynamic sections of the regular files that are ELF
// objects. Files that are not ELF, or have no dynamic section (static
// binaries), contribute nothing.
func scanELF(files []srcFile) (elfFacts, error) {
	var facts elfFacts
	for _, f := range files {
		if !f.mode.IsRegular() {
			continue
		}
		sonames, needed, err := readELF(f.abs)
		if err != nil {
			return elfFacts{}, fmt.Errorf("reading ELF file %s: %w", f.path, err)
		}
		facts.sonames = append(facts.sonames, sonames...)
		facts.needed = append(facts.needed, needed...)
	}
	slices.Sort(facts.sonames)
	slices.Sort(facts.needed)
	facts.sonames, facts.needed = slices.Compact(facts.sonames), slices.Compact(facts.needed)
	return facts, nil
}

func readELF(name string) (sonames, needed []string, err error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	magic := make([]byte, 4)
	if _, err := io.ReadFull(f, magic); err != nil || !bytes.Equal(magic, []byte(elf.ELFMAG)) {
		return nil, nil, nil
	}
	ef, err := elf.NewFile(f)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range ef.Progs {
		if p.Type == elf.PT_INTERP {
			b, err := io.ReadAll(p.Open())
			if err != nil {
				return nil, nil, err
			}
			// As melange does: the loader is needed by its SONAME, which is
			// its base name.
			needed = append(needed, path.Base(strings.TrimRight(string(b), "\x00")))
		}
	}
	if ef.Section(".dynamic") == nil {
		return nil, needed, nil
	}
	if sonames, err = ef.DynString(elf.DT_SONAME); err != nil {
		return nil, nil, err
	}
	libs, err := ef.DynString(elf.DT_NEEDED)
	if err != nil {
		return nil, nil, err
	}
	return sonames, append(needed, libs...), nil
}

// soProvides is "so:<soname>=<version>" for each soname, the version being
// what follows ".so." ("libc.so.6" gives 6), or 0, as melange writes it.
func soProvides(sonames []string) []apk.Dependency {
	var out []apk.Dependency
	for _, s := range sonames {
		v := "0"
		if _, after, ok := strings.Cut(s, ".so."); ok && after != "" {
			v = after
		}
		out = append(out, apk.Dependency{Name: "so:" + s, Op: apk.OpEqual, Version: v})
	}
	return out
}

// soDepends is "so:<name>" for each needed library the package does not
// provide itself.
func soDepends(f elfFacts) []apk.Dependency {
	var out []apk.Dependency
	for _, n := range f.needed {
		if !slices.Contains(f.sonames, n) {
			out = append(out, apk.Dependency{Name: "so:" + n})
		}
	}
	return out
}

// cmdProvides is "cmd:<name>=<version>" for each executable or symlink
// directly in /usr/bin. (melange counts regular files only; the symlinks
// count here so that python-3.11 provides cmd:python3.)
func cmdProvides(files []apkrepo.File, version string) []apk.Dependency {
	var out []apk.Dependency
	for _, f := range files {
		if path.Dir(f.Path) != "usr/bin" {
			continue
		}
		if f.Mode&os.ModeSymlink != 0 || (f.Mode.IsRegular() && f.Link == "" && f.Mode.Perm()&0o111 != 0) {
			out = append(out, apk.Dependency{Name: "cmd:" + path.Base(f.Path), Op: apk.OpEqual, Version: version})
		}
	}
	return out
}
