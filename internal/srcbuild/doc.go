// Package srcbuild builds a wheel from a source distribution: pyko's PEP
// 517 build frontend. The executor hands it a verified sdist and a way to
// make the plan's build root; it unpacks the sdist safely
// (python/sdist), reads [build-system] (python/pep517), resolves the
// build requirements to wheels (python/resolve: at build time, because
// they are known only from the unpacked source), installs them into a
// build environment, and runs the backend's hooks through pyko's driver
// in the sandbox (internal/sandbox): the build root and the environment
// read-only, the source tree and an output directory the only writable
// places, no network, a time limit. Builds are reproducible: a fixed
// source path, SOURCE_DATE_EPOCH, PYTHONHASHSEED=0, LANG, TZ, umask.
//
// Built wheels are cached under the download cache's "built" directory,
// keyed by the sdist's sha256, the build root's packages, the Python and
// the driver; an entry is checked against its recorded sha256 before use.
package srcbuild
