// Package pylock reads the standard lockfile, pylock.toml (PEP 751), and
// selects the packages to install for one target environment, following
// the specification's installation steps:
// https://packaging.python.org/en/latest/specifications/pylock-toml/
//
// Unlike uv.lock and poetry.lock, pylock.toml is not walked as a graph:
// every [[packages]] entry carries the marker saying when it is installed
// (its dependencies table is informational and MUST NOT be used), and a
// marker may test the extras and dependency groups being installed with
// the PEP 751 forms "x" in extras and "g" in dependency_groups.
//
// Traps this package handles:
//   - dependency_groups defaults to default-groups, which is not the same
//     as dependency-groups (the groups a user may ask for);
//   - one name may be listed several times, but the entries whose markers
//     hold must narrow down to one;
//   - requires-python and environments are errors when unmet, not filters;
//   - a package's source is exactly one of vcs, directory, archive, or
//     sdist and/or wheels;
//   - the project itself is usually a directory entry at "." (uv writes
//     it so): the build installs it, so it is not returned.
package pylock
