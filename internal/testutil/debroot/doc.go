// Package debroot builds a real glibc CPython root filesystem from Debian's
// .deb files, for tests that need an interpreter that really runs.
//
// Packages are downloaded with apt-get using a private apt state (lists,
// archive cache and dpkg status under the cache directory), so the host's apt
// state is never touched; only the host's sources (/etc/apt/sources.list and
// sources.list.d) and keyrings are read. Each .deb is unpacked with
// `dpkg-deb -x`, and the few effects of maintainer scripts that matter are
// recreated natively (see [Rootfs]). Results are cached by architecture and
// package set, and a cache entry appears only once it is complete.
package debroot
