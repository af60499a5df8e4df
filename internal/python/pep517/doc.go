// Package pep517 is pyko's build frontend's standard part: what a source
// tree's pyproject.toml says about its build (PEP 517 and PEP 518's
// [build-system], with their fallback to setuptools' legacy backend), and
// the small Python driver that calls one hook of the backend in its own
// process, as pypa/pyproject-hooks' _in_process does.
//
// Running the driver is the caller's (internal/srcbuild runs it in the
// sandbox); this package never runs anything.
//
// https://peps.python.org/pep-0517/, https://peps.python.org/pep-0518/
package pep517
