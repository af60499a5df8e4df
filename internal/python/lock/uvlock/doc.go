// Package uvlock reads uv's lockfile, uv.lock, and selects the packages
// to install for one target environment, as `uv sync --frozen` would.
//
// uv.lock is a universal lock: it pins every package for every platform and
// Python version the project supports, as a graph. Each [[package]] is one
// distribution (name, version, source, wheels, sdist) with its
// dependencies, optional-dependencies (extras) and dev-dependencies
// (dependency groups), each edge naming its target and carrying a PEP 508
// marker. Select walks that graph from the project, following the edges
// whose marker holds for the target. The format is documented at
// https://docs.astral.sh/uv/concepts/projects/layout/#the-lockfile and
// defined by uv's crates/uv-resolver/src/lock (schema version 1).
//
// Traps this package handles:
//   - one name may be locked several times (different versions, or the
//     same version from different sources) for disjoint markers; an edge
//     to such a package names its version and source, and a lookup by name
//     alone falls back to the entry's resolution-markers;
//   - with [tool.uv] conflicts, markers name extras and groups in uv's
//     encoding, extra == 'extra-{len}-{package}-{extra}' (or 'group-…'),
//     so the extras activated anywhere in the graph are gathered first;
//   - the project and workspace members are locked as editable or virtual
//     sources: they are not fetched, but their dependencies are followed.
package uvlock
