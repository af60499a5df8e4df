package wolfimirror

import (
	"slices"

	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
)

// recipe says how one Wolfi-named package is made from Debian's.
type recipe struct {
	name, origin string
	// debs are the Debian packages whose files it holds.
	debs []string
	// versionFrom names the Debian package that gives the version, build
	// date and URL; default debs[0]. Empty with no debs: baselayout.
	versionFrom string
	// only keeps just the paths matching one of these patterns; drop removes
	// those matching. A pattern (path.Match syntax) matches a path or one of
	// its parent directories.
	only, drop []string
	// depends are dependencies besides the so: ones read from ELF files.
	depends []string
	// providerPriority is the k: field.
	providerPriority int
	license          string
	// desc replaces the Debian summary in the description.
	desc string
	// stdlib is the standard library's directory of a Python package,
	// whose bytecode is compiled at build time, as Wolfi's is.
	stdlib string
	// synth adds files made at build time.
	synth func(b *builder) ([]apkrepo.File, error)
	// provides adds provides made at build time (busybox's applets).
	provides func(b *builder, version string) []string
}

// droppedEverywhere are documentation and integration files of other
// distributions' tooling that no Wolfi package ships.
var droppedEverywhere = []string{
	"usr/share/doc", "usr/share/man", "usr/share/info", "usr/share/lintian", "usr/share/bug",
	"usr/share/gdb", "usr/share/gcc", "usr/share/binfmts", "usr/lib/binfmt.d",
	"usr/share/initramfs-tools",
}

// recipes is the mirror. Debian 12 has no libmpdec3 (CPython uses its
// bundled copy), so there is no mpdecimal package, and no C.UTF-8 locale
// files are needed (glibc 2.35+ has it built in), so no glibc-locale-posix.
var recipes = []recipe{
	{name: "wolfi-baselayout", origin: "wolfi-baselayout", license: "MIT", synth: baselayout},
	{
		name: "ld-linux", origin: "glibc", debs: []string{"libc6"}, license: "LGPL-2.1-or-later",
		only: []string{"usr/lib/ld-linux-*", "usr/lib/*/ld-linux-*"},
	},
	{
		name: "glibc", origin: "glibc", debs: []string{"libc6", "libc-bin"}, versionFrom: "libc6", license: "LGPL-2.1-or-later",
		// gconv modules are glibc-iconv's in Wolfi, and nothing here needs them.
		// Of libc-bin only ldconfig is kept, as Wolfi's glibc ships it:
		// ctypes.util.find_library runs "ldconfig -p", which reads the
		// ld.so.cache pyko writes.
		drop: []string{"usr/lib/ld-linux-*", "usr/lib/*/ld-linux-*", "usr/lib/*/gconv",
			"etc/bindresvport.blacklist", "etc/default", "etc/gai.conf", "etc/ld.so.conf", "etc/ld.so.conf.d/libc.conf",
			"usr/bin/getconf", "usr/bin/getent", "usr/bin/iconv", "usr/bin/ldd", "usr/bin/locale", "usr/bin/localedef",
			"usr/bin/pldd", "usr/bin/tzselect", "usr/bin/zdump", "usr/bin/iconvconfig", "usr/bin/zic", "usr/bin/ld.so",
			"usr/lib/locale", "usr/share/libc-bin", "var"},
		depends: []string{"ld-linux", "libgcc", "wolfi-baselayout"},
		synth:   ldSoConf,
	},
	{name: "libgcc", origin: "gcc", debs: []string{"libgcc-s1"}, license: "GPL-3.0-or-later WITH GCC-exception-3.1"},
	{name: "libstdc++", origin: "gcc", debs: []string{"libstdc++6"}, license: "GPL-3.0-or-later WITH GCC-exception-3.1"},
	{name: "zlib", origin: "zlib", debs: []string{"zlib1g"}, license: "Zlib"},
	{name: "libexpat1", origin: "expat", debs: []string{"libexpat1"}, license: "MIT"},
	{
		name: "libcrypto3", origin: "openssl", debs: []string{"libssl3"}, license: "Apache-2.0",
		drop: []string{"usr/lib/*/libssl.so*"}, synth: opensslDir,
	},
	{
		name: "libssl3", origin: "openssl", debs: []string{"libssl3"}, license: "Apache-2.0",
		only: []string{"usr/lib/*/libssl.so*"},
	},
	{name: "libffi", origin: "libffi", debs: []string{"libffi8"}, license: "MIT"},
	{name: "sqlite-libs", origin: "sqlite", debs: []string{"libsqlite3-0"}, license: "blessing"},
	{name: "libbz2-1", origin: "bzip2", debs: []string{"libbz2-1.0"}, license: "bzip2-1.0.6"},
	{name: "xz", origin: "xz", debs: []string{"liblzma5"}, license: "0BSD"},
	{
		name: "ncurses", origin: "ncurses", debs: []string{"libncursesw6", "libtinfo6"}, license: "MIT",
		depends: []string{"ncurses-terminfo-base"},
	},
	{name: "ncurses-terminfo-base", origin: "ncurses", debs: []string{"ncurses-base"}, license: "MIT"},
	{name: "readline", origin: "readline", debs: []string{"libreadline8"}, license: "GPL-3.0-or-later"},
	{name: "libuuid", origin: "util-linux", debs: []string{"libuuid1"}, license: "BSD-3-Clause"},
	{name: "libdb", origin: "db", debs: []string{"libdb5.3"}, license: "Sleepycat"},
	{name: "libcrypt1", origin: "libxcrypt", debs: []string{"libcrypt1"}, license: "LGPL-2.1-or-later"},
	{
		name: "python-3.11-base", origin: "python-3.11", license: "PSF-2.0",
		desc:   "Python 3.11: the interpreter and the standard library",
		stdlib: "usr/lib/python3.11",
		debs:   []string{"python3.11-minimal", "libpython3.11-minimal", "libpython3.11-stdlib"},
		drop: []string{
			// nis needs libnsl2 and libtirpc3 (and Kerberos); Wolfi builds no nis.
			"usr/lib/python3.11/lib-dynload/nis.*",
			// Debian's PEP 668 marker; Wolfi's Python has none.
			"usr/lib/python3.11/EXTERNALLY-MANAGED",
		},
	},
	{
		name: "python-3.11", origin: "python-3.11", versionFrom: "python3.11-minimal", license: "PSF-2.0",
		desc:    "Python 3.11: the python3 and python commands",
		depends: []string{"python-3.11-base"}, synth: pythonLinks,
	},
	{
		name: "ca-certificates-bundle", origin: "ca-certificates", versionFrom: "ca-certificates",
		desc:    "CA certificate bundle, /etc/ssl/certs/ca-certificates.crt",
		license: "MPL-2.0", synth: caBundle,
	},
	// The build root of source builds (issue 12): build-base and the
	// Python headers. Libraries only the toolchain needs go into the
	// package that needs them (binutils', gcc's), so the set stays small.
	{name: "libzstd1", origin: "zstd", debs: []string{"libzstd1"}, license: "BSD-3-Clause"},
	{
		name: "binutils", origin: "binutils", versionFrom: "binutils", license: "GPL-3.0-or-later",
		debs: []string{"binutils", "binutils-common", "binutils-{gnu}", "libbinutils", "libctf0", "libctf-nobfd0", "libgprofng0", "libjansson4"},
	},
	{
		name: "gcc", origin: "gcc", versionFrom: "gcc-12", license: "GPL-3.0-or-later",
		debs: []string{"gcc-12", "cpp-12", "gcc", "cpp", "libgcc-12-dev", "libcc1-0", "libisl23", "libmpc3", "libmpfr6", "libgmp10"},
		// Debian names cc through update-alternatives, a maintainer script.
		depends: []string{"binutils"}, synth: ccLink,
	},
	{name: "make", origin: "make", debs: []string{"make"}, license: "GPL-3.0-or-later"},
	{name: "linux-headers", origin: "linux-headers", debs: []string{"linux-libc-dev"}, license: "GPL-2.0-only"},
	{name: "libxcrypt-dev", origin: "libxcrypt", debs: []string{"libcrypt-dev"}, license: "LGPL-2.1-or-later", depends: []string{"libcrypt1"}},
	{
		name: "glibc-dev", origin: "glibc", debs: []string{"libc6-dev"}, license: "LGPL-2.1-or-later",
		depends: []string{"glibc", "linux-headers", "libxcrypt-dev"},
	},
	{name: "zlib-dev", origin: "zlib", debs: []string{"zlib1g-dev"}, license: "Zlib", depends: []string{"zlib"}},
	{
		name: "python-3.11-dev", origin: "python-3.11", versionFrom: "python3.11-minimal", license: "PSF-2.0",
		desc: "Python 3.11: headers and python3.11-config",
		debs: []string{"libpython3.11-dev", "python3.11-dev"},
		// The static library is 20 MB that no extension build links.
		drop:    []string{"usr/lib/*/libpython3.11*.a", "usr/lib/python3.11/config-3.11-*/libpython3.11*.a"},
		depends: []string{"python-3.11"},
	},
	{
		name: "build-base", origin: "build-base", license: "MIT", synth: noFiles,
		desc:    "A meta package: what compiling C needs",
		depends: []string{"binutils", "gcc", "make", "glibc-dev", "wolfi-baselayout"},
	},
	{
		name: "busybox", origin: "busybox", debs: []string{"busybox-static"}, license: "GPL-2.0-only",
		only: []string{"usr/bin/busybox"}, providerPriority: 10, synth: busyboxPaths, provides: busyboxProvides,
	},
}

// debPackages returns the Debian packages the recipes need on a, sorted.
func debPackages(a archInfo) []string {
	var out []string
	for _, r := range recipes {
		for _, d := range r.debs {
			out = append(out, a.debName(d))
		}
		if r.versionFrom != "" {
			out = append(out, a.debName(r.versionFrom))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
