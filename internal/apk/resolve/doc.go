// Package resolve turns a world (the packages asked for) into the complete,
// ordered set of APK packages to install, from the packages of one arch's
// indexes. It is pure: no I/O, and the same inputs give the same output
// whatever the order of the available packages.
//
// It follows apk-tools' solver where the result depends on it:
//
//   - A dependency "name[op version]" is satisfied by a package of that name
//     whose version matches, or by a package that provides the name. A
//     versioned provide ("so:libc.so.6=6") satisfies versioned and
//     unversioned dependencies; an unversioned provide ("py3-foo") only
//     unversioned ones.
//   - A name is held by at most one package, except that any number of
//     packages may provide it without a version: a package's own name and
//     each of its versioned provides are exclusive. Two versions of one
//     package, or two packages providing so:libfoo.so.1=1, never coexist.
//   - "!name[op version]" (in the world or in a package's depends) excludes
//     every package that answers to the name with a matching version.
//   - A package whose install_if atoms are all satisfied by the selection
//     is added, to a fixpoint. If it cannot be added (a conflict, a missing
//     dependency) it is left out rather than failing the whole set.
//   - replaces only settles file conflicts at install time; it plays no
//     part here.
//
// The candidates for a dependency are tried in the order documented at
// index.compare (prefer.go); the first that leads to a consistent set
// wins. When a choice leads to a dead end the search backtracks
// (conflict-directed, so it jumps straight back to a choice that can
// matter), up to a bound on the number of candidates tried (WithMaxSteps).
//
// Install order is topological over depends (and install_if), dependencies
// first, ties broken by name; dependency cycles are broken by name too.
//
// References: apk-tools src/solver.c and doc/apk-world.5,
// https://gitlab.alpinelinux.org/alpine/apk-tools/-/blob/master/src/solver.c
package resolve
