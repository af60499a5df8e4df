package tags

import (
	"fmt"
	"slices"
	"strconv"
)

// Target is the interpreter and C library wheels are chosen for: CPython
// PythonMajor.PythonMinor on glibc GlibcMajor.GlibcMinor Linux for Arch.
type Target struct {
	PythonMajor, PythonMinor int
	// Arch is the uname -m name used in platform tags: "x86_64" or "aarch64".
	Arch                   string
	GlibcMajor, GlibcMinor int
}

// Validate reports a Target pyko cannot build for: not CPython 3, an
// architecture other than x86_64 and aarch64 (the ones Wolfi builds), or a
// glibc that is not 2.x.
func (t Target) Validate() error {
	switch {
	case t.PythonMajor != 3 || t.PythonMinor < 0:
		return fmt.Errorf("python %d.%d is not supported: wheels are chosen for CPython 3 only", t.PythonMajor, t.PythonMinor)
	case t.Arch != "x86_64" && t.Arch != "aarch64":
		return fmt.Errorf("architecture %q is not supported: use x86_64 or aarch64", t.Arch)
	case t.GlibcMajor != 2 || t.GlibcMinor < 0:
		return fmt.Errorf("glibc %d.%d is not supported: manylinux tags need glibc 2.x", t.GlibcMajor, t.GlibcMinor)
	}
	return nil
}

// interpreter is "cp3X".
func (t Target) interpreter() string {
	return "cp" + strconv.Itoa(t.PythonMajor) + strconv.Itoa(t.PythonMinor)
}

// abi is the interpreter's own ABI: "cp3X", or "cp3Xm" before 3.8, when
// pymalloc builds marked their ABI (packaging's _cpython_abis).
func (t Target) abi() string {
	if t.PythonMajor == 3 && t.PythonMinor < 8 {
		return t.interpreter() + "m"
	}
	return t.interpreter()
}

// minGlibcMinor is the oldest glibc 2.x a manylinux tag may name for arch:
// 2.5 (manylinux1) on x86, 2.17 (manylinux2014) elsewhere.
func minGlibcMinor(arch string) int {
	if arch == "x86_64" || arch == "i686" {
		return 5
	}
	return 17
}

// legacyAliases are the manylinux names from before PEP 600, by the glibc
// 2.x minor they stand for, and the architectures each was defined for.
var legacyAliases = map[int]struct {
	name  string
	archs []string
}{
	17: {"manylinux2014", []string{"x86_64", "i686", "aarch64", "armv7l", "ppc64", "ppc64le", "s390x"}},
	12: {"manylinux2010", []string{"x86_64", "i686"}},
	5:  {"manylinux1", []string{"x86_64", "i686"}},
}

// platforms lists the platform tags, most preferred first:
// manylinux_2_N_<arch> from the image's glibc down to the oldest for the
// architecture, each legacy alias right after the manylinux_2_N it
// equals, then linux_<arch>. This is packaging's _linux_platforms on glibc.
func (t Target) platforms() []string {
	var plats []string
	if t.GlibcMajor == 2 {
		for n := t.GlibcMinor; n >= minGlibcMinor(t.Arch); n-- {
			plats = append(plats, "manylinux_2_"+strconv.Itoa(n)+"_"+t.Arch)
			if alias, ok := legacyAliases[n]; ok && slices.Contains(alias.archs, t.Arch) {
				plats = append(plats, alias.name+"_"+t.Arch)
			}
		}
	}
	return append(plats, "linux_"+t.Arch)
}

// group is an interpreter and ABI pair, combined with every platform.
type group struct{ python, abi string }

// groups lists the interpreter/ABI pairs that go with a platform, most
// preferred first (packaging's cpython_tags, then compatible_tags):
// cp3X-cp3X, cp3X-abi3, cp3X-none, cp3Y-abi3 for Y from X-1 down to 2,
// then py3X-none, py3-none, py3Y-none for Y from X-1 down to 0.
func (t Target) groups() []group {
	cp := t.interpreter()
	gs := []group{{cp, t.abi()}}
	abi3 := t.PythonMajor == 3 && t.PythonMinor >= 2 // PEP 384 began in 3.2
	if abi3 {
		gs = append(gs, group{cp, "abi3"})
	}
	gs = append(gs, group{cp, "none"})
	if abi3 {
		for y := t.PythonMinor - 1; y >= 2; y-- {
			gs = append(gs, group{"cp" + strconv.Itoa(t.PythonMajor) + strconv.Itoa(y), "abi3"})
		}
	}
	for _, py := range t.pyRange() {
		gs = append(gs, group{py, "none"})
	}
	return gs
}

// pyRange is py3X, py3, then py3Y for Y from X-1 down to 0.
func (t Target) pyRange() []string {
	major := "py" + strconv.Itoa(t.PythonMajor)
	out := []string{major + strconv.Itoa(t.PythonMinor), major}
	for y := t.PythonMinor - 1; y >= 0; y-- {
		out = append(out, major+strconv.Itoa(y))
	}
	return out
}

// anyGroups are the pairs allowed with the platform "any", after every
// platform-specific tag: cp3X-none, then the pyRange with "none".
func (t Target) anyGroups() []group {
	gs := []group{{t.interpreter(), "none"}}
	for _, py := range t.pyRange() {
		gs = append(gs, group{py, "none"})
	}
	return gs
}

// Tags returns every tag the target accepts, most preferred first, in
// the order packaging's sys_tags() gives for this CPython on glibc Linux:
// each interpreter/ABI group of groups with every platform of platforms,
// then cp3X-none-any, py3X-none-any, py3-none-any, py3Y-none-any… A
// wheel's rank is the position of its best tag in this list.
func (t Target) Tags() []Tag {
	plats, gs, anys := t.platforms(), t.groups(), t.anyGroups()
	out := make([]Tag, 0, len(gs)*len(plats)+len(anys))
	for _, g := range gs {
		for _, p := range plats {
			out = append(out, Tag{g.python, g.abi, p})
		}
	}
	for _, g := range anys {
		out = append(out, Tag{g.python, g.abi, "any"})
	}
	return out
}
