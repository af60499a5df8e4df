// Package pubgrub is a version solver: given a root package and a Source
// that lists each package's versions and each version's dependencies, it
// picks one version of every package needed, or explains why none can be
// picked. It follows the PubGrub algorithm (Natalie Weizenbaum, 2018; the
// pubgrub-rs guide's "Internals") — unit propagation, decisions, and
// conflict-driven clause learning over incompatibilities — so that a
// failure comes with a derivation: the chain of facts that makes the
// requirements impossible.
//
// It knows nothing of Python. A package is a name; its versions are the
// labels a Source gives, most preferred first (for pyko, newest first), and
// a dependency is a package plus a predicate over those labels. Because the
// versions of a package are a finite list, a version set is a bit set over
// that list, plus one bit for "not selected": every term, positive or
// negative, is then one set, and intersection, complement and subset are
// word operations. Package python/resolve builds the Source from an index.
package pubgrub
