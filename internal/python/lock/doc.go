// Package lock is the common model of Python lockfiles: whatever the
// input (pylock.toml, uv.lock, poetry.lock, Pipfile.lock,
// requirements.txt), it becomes a list of pinned distributions with the
// files the lock knows for each, selected for one target environment.
// Each format is parsed by its own subpackage, whose Open is an OpenFunc.
//
// A Format describes one kind of lockfile (the file names it claims, its
// place in the default search order, its OpenFunc); a Registry of formats
// finds a project's lockfile (Find) and opens a lockfile by its name
// (Open). The registry of the formats pyko reads is built by package
// formats, since every reader imports this package.
package lock
