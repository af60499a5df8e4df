// Package tags computes the PEP 425 compatibility tags of the interpreter
// an image carries (CPython 3 on glibc Linux) and ranks a wheel's tags
// against them, saying why a wheel does not fit when it does not.
//
// Specifications: https://packaging.python.org/en/latest/specifications/platform-compatibility-tags/
// and PEP 600 (manylinux_x_y), with the legacy aliases of PEP 513
// (manylinux1), PEP 571 (manylinux2010) and PEP 599 (manylinux2014). The
// order of the list is pypa/packaging's sys_tags(), which pip uses; the
// tests compare it with packaging's own output. musllinux, macOS and
// Windows tags never fit: pyko builds glibc Linux images only.
package tags
