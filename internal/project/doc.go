// Package project reads a Python project directory: pyproject.toml
// (PEP 621 [project] metadata and the [tool.pyko] table), .python-version,
// the git checkout it lives in, the app files selected by .dockerignore, and
// the image entrypoint.
//
// References:
//   - pyproject.toml: https://packaging.python.org/en/latest/specifications/pyproject-toml/
//   - .dockerignore: https://docs.docker.com/build/concepts/context/#dockerignore-files
//   - .python-version: https://docs.astral.sh/uv/concepts/python-versions/#python-version-files
//   - git repository layout: https://git-scm.com/docs/gitrepository-layout
//
// Everything here is read-only and pure Go: no git or python binary is run.
package project
