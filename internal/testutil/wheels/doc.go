// Package wheels writes Python wheels and sdists for tests: valid ones, as
// a build backend writes them, and hostile ones (a lying RECORD, paths that
// leave the install root, links), so that pyko's index client and installer
// are tested against the real format.
//
// A wheel is a zip archive named
// {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl whose
// {name}-{version}.dist-info/ directory holds METADATA, WHEEL,
// entry_points.txt (when given) and RECORD. RECORD lists every other entry
// as "path,sha256=<urlsafe base64 without padding>,size" and itself with an
// empty hash and size. The archive is deterministic: entries sorted (the
// .dist-info directory last, RECORD at the very end, as the spec
// recommends), one fixed modification time, fixed modes.
//
// An sdist (WriteSdist) is {name}-{version}.tar.gz holding
// {name}-{version}/PKG-INFO, a minimal pyproject.toml and the given files;
// pyko cannot build sdists, so tests use them to check that "only an sdist"
// is a clear error.
//
// References: https://packaging.python.org/en/latest/specifications/binary-distribution-format/,
// https://packaging.python.org/en/latest/specifications/recording-installed-packages/,
// https://packaging.python.org/en/latest/specifications/source-distribution-format/
package wheels
