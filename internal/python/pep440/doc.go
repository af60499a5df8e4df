// Package pep440 parses, normalises, orders and matches Python package
// versions and version specifiers.
//
// It implements the PyPA "Version specifiers" specification, which began as
// PEP 440: https://packaging.python.org/en/latest/specifications/version-specifiers/
// (https://peps.python.org/pep-0440/). Where the text leaves room, behaviour
// follows pypa/packaging, the reference implementation pip uses: the
// normalisation rules (alternate spellings, separators, implicit numbers),
// the ordering of local version labels, and the exact meaning of <, >, ==
// and != around pre-, post- and local releases.
//
// Version fields are unsigned 64-bit integers; a release, pre, post, dev or
// epoch number beyond that is rejected rather than silently wrapped. Numeric
// local segments have no size limit: they are compared as decimal strings.
package pep440
