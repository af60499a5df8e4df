package debwheels

import (
	"debug/elf"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
)

// machine is what a Debian architecture is called in ELF headers, in
// CPython's extension-module suffix and in wheel platform tags.
type machine struct {
	elf  elf.Machine
	name string // uname -m
}

// machines are the architectures [Build] makes wheels for.
var machines = map[string]machine{
	"amd64": {elf.EM_X86_64, "x86_64"},
	"arm64": {elf.EM_AARCH64, "aarch64"},
}

// minGlibc is the oldest glibc minor version a tag claims: manylinux2014
// (manylinux_2_17), the oldest policy that covers both architectures.
const minGlibc = 17

// manylinuxLibs are the libraries a manylinux wheel may link without
// bundling them (PEP 600 defers to auditwheel's policy; this is its
// glibc and GCC runtime core).
var manylinuxLibs = []string{
	"libc.so.6", "libm.so.6", "libdl.so.2", "librt.so.1", "libpthread.so.0",
	"libutil.so.1", "libresolv.so.2", "libnsl.so.1", "libcrypt.so.1",
	"libgcc_s.so.1", "libstdc++.so.6",
	"ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1",
}

// native describes a compiled extension module.
type native struct {
	python string // interpreter tag, "cp311"
	glibc  int    // minor version of the newest GLIBC_2.x symbol version needed
	libs   []string
}

// inspectModule reads the compiled module at file (named name in the wheel)
// and checks that it is a CPython extension for arch linking only libraries
// that manylinux allows.
func inspectModule(file, name, arch string) (native, error) {
	m, ok := machines[arch]
	if !ok {
		return native{}, fmt.Errorf("inspecting %s: unsupported architecture %q", name, arch)
	}
	py, err := extensionPython(path.Base(name), m)
	if err != nil {
		return native{}, err
	}
	f, err := elf.Open(file)
	if err != nil {
		return native{}, fmt.Errorf("inspecting %s: %w", name, err)
	}
	defer f.Close()
	if f.Machine != m.elf {
		return native{}, fmt.Errorf("inspecting %s: built for %v, want %v for %s", name, f.Machine, m.elf, arch)
	}
	libs, err := f.ImportedLibraries()
	if err != nil {
		return native{}, fmt.Errorf("inspecting %s: reading DT_NEEDED: %w", name, err)
	}
	for _, l := range libs {
		if !slices.Contains(manylinuxLibs, l) {
			return native{}, fmt.Errorf("inspecting %s: links %s, which manylinux wheels may not", name, l)
		}
	}
	n := native{python: py, libs: libs}
	if !slices.ContainsFunc(f.Sections, func(s *elf.Section) bool { return s.Type == elf.SHT_GNU_VERNEED }) {
		return n, nil // no versioned symbols: any glibc will do
	}
	needs, err := f.DynamicVersionNeeds()
	if err != nil {
		return native{}, fmt.Errorf("inspecting %s: reading symbol versions: %w", name, err)
	}
	for _, need := range needs {
		for _, dep := range need.Needs {
			minor, ok, err := glibcMinor(dep.Dep)
			if err != nil {
				return native{}, fmt.Errorf("inspecting %s: %s from %s: %w", name, dep.Dep, need.Name, err)
			}
			if ok && minor > n.glibc {
				n.glibc = minor
			}
		}
	}
	return n, nil
}

// extensionPython returns the interpreter tag of an extension module's file
// name, "_speedups.cpython-311-x86_64-linux-gnu.so" giving "cp311".
func extensionPython(base string, m machine) (string, error) {
	parts := strings.Split(base, ".")
	if len(parts) < 3 || parts[len(parts)-1] != "so" {
		return "", fmt.Errorf("reading extension module name %q: want NAME.cpython-3XY-%s-linux-gnu.so", base, m.name)
	}
	f := strings.Split(parts[len(parts)-2], "-")
	if len(f) != 5 || f[0] != "cpython" || f[2] != m.name || f[3] != "linux" || f[4] != "gnu" {
		return "", fmt.Errorf("reading extension module name %q: want NAME.cpython-3XY-%s-linux-gnu.so", base, m.name)
	}
	if _, err := strconv.ParseUint(f[1], 10, 16); err != nil || !strings.HasPrefix(f[1], "3") {
		return "", fmt.Errorf("reading extension module name %q: bad CPython version %q", base, f[1])
	}
	return "cp" + f[1], nil
}

// glibcMinor reads a symbol version: "GLIBC_2.14" is minor 14, "GLIBC_2.2.5"
// minor 2. ok is false for versions of other libraries (GCC_3.0, GLIBCXX_…);
// GLIBC_PRIVATE and glibc 3 are errors, since no manylinux tag covers them.
func glibcMinor(v string) (minor int, ok bool, err error) {
	rest, found := strings.CutPrefix(v, "GLIBC_")
	if !found {
		return 0, false, nil
	}
	parts := strings.Split(rest, ".")
	if len(parts) < 2 || parts[0] != "2" {
		return 0, false, fmt.Errorf("no manylinux tag covers symbol version %q", v)
	}
	minor, err = strconv.Atoi(parts[1])
	if err != nil || minor < 0 {
		return 0, false, fmt.Errorf("no manylinux tag covers symbol version %q", v)
	}
	return minor, true, nil
}

// platformTag returns the manylinux tag for arch covering glibc 2.minor.
func platformTag(arch string, minor int) string {
	return fmt.Sprintf("manylinux_2_%d_%s", max(minor, minGlibc), machines[arch].name)
}
