// Package wolfimirror builds an offline APK mirror named like Wolfi from
// Debian 12's .deb files, so that tests build images that really run
// Python without reaching packages.wolfi.dev.
//
// The debs of CPython 3.11, glibc, the libraries CPython's extension modules
// link, ca-certificates and busybox-static are downloaded with apt-get (a
// private apt state, as internal/testutil/debroot does), unpacked, and
// repackaged with internal/testutil/apkrepo as signed APKs with Wolfi's
// names, origins and layout: glibc, ld-linux, libgcc, libstdc++, zlib,
// libexpat1, libcrypto3, libssl3, libffi, sqlite-libs, libbz2-1, xz,
// ncurses, ncurses-terminfo-base, readline, libuuid, libdb, libcrypt1,
// python-3.11-base, python-3.11, ca-certificates-bundle, busybox and
// wolfi-baselayout. Paths are moved under /usr (Wolfi is merged-usr; the
// baselayout's /lib, /lib64, /bin and /sbin symlinks make Debian's paths and
// ELF interpreter resolve), "so:" provides and depends are read from the ELF
// files, "cmd:" provides from /usr/bin, as melange does.
//
// What Debian's maintainer scripts would do is done at build time: the CA
// bundle, the busybox applet list, /etc/os-release, /etc/passwd. The mirror
// is cached by architecture, package set, format version and signing key.
//
// References: https://github.com/wolfi-dev/os (package names and
// splits), melange's pkg/build/package.go (so:/cmd: generation).
package wolfimirror
