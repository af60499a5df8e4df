// Package bytecode compiles Python sources to .pyc at build time with the
// image's own CPython, run in the sandbox, so that an image's modules are
// never compiled at import.
//
// The pycs are PEP 552 hash-based: their bytes depend only on the source,
// the file name recorded in them and the CPython build, never on a clock.
// marshal's format is the same on every architecture, so one compilation
// serves every platform with the same CPython; TestSameBytesOnArm64 shows
// it. A pure-Go compiler is not an option: it would mean CPython's parser,
// compiler and assembler, which change with every minor version.
package bytecode
