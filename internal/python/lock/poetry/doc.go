// Package poetry reads Poetry's lockfile, poetry.lock, with the project's
// pyproject.toml, and selects the packages to install for one target
// environment, as `poetry install --only main` (plus --with and --extras)
// would.
//
// poetry.lock (lock-version 1.x and 2.x) lists every [[package]] with its
// version, files (names and hashes, no URLs: the index is asked), its
// [package.dependencies] as Poetry constraints with markers, and what its
// extras add. It does not say which packages the project needs: that is
// in pyproject.toml ([project] for Poetry 2, [tool.poetry] tables, PEP 735
// [dependency-groups]). Select walks from there, following the
// dependencies whose markers hold. The format is Poetry's own:
// https://python-poetry.org/docs/basic-usage/#installing-with-poetrylock,
// constraint syntax:
// https://python-poetry.org/docs/dependency-specification/
//
// Traps this package handles:
//   - Poetry constraints are not PEP 440: ^1.2, ~1.2, bare versions, "||"
//     unions and space-separated clauses (constraint.go);
//   - a Python constraint written with two numbers ("<=3.12") compares
//     the interpreter's X.Y, as Poetry turns it into python_version;
//   - one name may be locked at several versions for different Pythons;
//     the constraint, python-versions and lock-version 2.1 markers settle
//     which, then the highest wins, as in Poetry's solver;
//   - lock-version 1.x keeps files in [metadata.files], by name only.
package poetry
