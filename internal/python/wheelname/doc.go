// Package wheelname parses and writes wheel file names,
// {distribution}-{version}(-{build tag})?-{python tag}-{abi tag}-{platform tag}.whl,
// as PEP 427 and the binary distribution format specification define them:
// https://packaging.python.org/en/latest/specifications/binary-distribution-format/#file-name-convention
//
// It also recognises source distribution names, so that a package that
// offers only an sdist gets a clear error instead of a silent miss.
package wheelname
