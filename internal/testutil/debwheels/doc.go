// Package debwheels makes real wheels for end-to-end tests without PyPI:
// it repackages Debian 12's python3-* packages (Flask, Requests, gunicorn and
// their dependencies, MarkupSafe with its compiled C extension) as valid
// wheels in a flat folder, ready for a test index or --find-links.
//
// Each wheel follows the binary distribution format
// (https://packaging.python.org/en/latest/specifications/binary-distribution-format/):
// the module's files from /usr/lib/python3/dist-packages without
// __pycache__, and a .dist-info with METADATA (core metadata,
// https://packaging.python.org/en/latest/specifications/core-metadata/),
// entry_points.txt, WHEEL and a RECORD of sha256 hashes. Debian ships
// .egg-info for many packages and strips the Requires-Dist that its own
// Depends replace; METADATA is rebuilt from PKG-INFO with upstream's
// requirements restored (see dists.go). A wheel holding a compiled module
// is tagged for the CPython it was built for and the oldest
// manylinux_2_N (PEP 600, https://peps.python.org/pep-0600/) whose glibc
// has every symbol version the module needs, never older than 2.17.
//
// Wheels are deterministic: sorted entries, fixed times (1980-01-01) and
// modes, so the same .deb files give the same wheel digests with the same
// Go toolchain (Deflate output may change across Go releases). Results are
// cached like [debroot.Rootfs]: by architecture, package set and format,
// published by renaming a complete build directory, under a file lock.
//
// Packages are downloaded with apt-get using a private apt state, as
// debroot does; apt.go is a copy of debroot's unexported helper.
package debwheels
