// Package resolve picks the versions of a Python project's dependencies
// that are not locked: the project's requirements, and theirs, read from
// the package index, for one target (a platform and the image's exact
// CPython). It is pubgrub's Source for Python:
//
//   - a package's versions are those with files on the index, newest
//     first; a version with no wheel for the target, or only yanked files
//     (unless a requirement pins it with ==), cannot be used, and says why;
//   - pre-releases are allowed by a requirement that names one, or when
//     nothing but pre-releases satisfies it (PEP 440);
//   - Requires-Python (the index's data-requires-python, then the
//     metadata's) is a dependency on the virtual package "Python", whose
//     one version is the image's, so that explanations name it;
//   - an extra is a package of its own, "name[extra]", depending on the
//     same version of name and on the extra's requirements, as uv does;
//   - markers are evaluated for the target, with the extras asked;
//   - metadata comes from PEP 658 .metadata files, else from the wheel,
//     downloaded into the cache and checked against the index's hash.
package resolve
