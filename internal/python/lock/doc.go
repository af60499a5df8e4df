// Package lock is the common model of Python lockfiles: whatever the
// input (pylock.toml, uv.lock, poetry.lock, Pipfile.lock,
// requirements.txt), it becomes a list of pinned distributions with the
// files the lock knows for each, selected for one target environment.
// Each format is parsed by its own subpackage.
package lock
