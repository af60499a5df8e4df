// Package wheel installs a wheel into a virtual environment natively, as
// layer entries: nothing is extracted and no Python runs. File contents are
// streamed from the wheel when the layer is written and checked against the
// wheel's RECORD as they stream, so a 2 GB wheel needs neither 2 GB of
// memory nor a 2 GB copy.
//
// The installation follows the binary distribution format (PEP 427),
// https://packaging.python.org/en/latest/specifications/binary-distribution-format/ ,
// and the conventions of pypa/installer and pip where the spec is silent:
//   - the RECORD of the wheel covers every file in it but RECORD itself and
//     its signatures, each with a sha256 (or stronger) hash;
//   - .data/{purelib,platlib,headers,scripts,data} spread to the venv's
//     scheme (purelib = platlib = site-packages, headers under
//     include/site/python3.X/<name>, scripts in bin, data at the prefix);
//   - console_scripts and gui_scripts from entry_points.txt
//     (https://packaging.python.org/en/latest/specifications/entry-points/)
//     become launchers in bin, and "#!python" scripts point to the venv's
//     interpreter;
//   - INSTALLER, optionally direct_url.json, and a RECORD for the installed
//     paths, relative to site-packages
//     (https://packaging.python.org/en/latest/specifications/recording-installed-packages/).
//
// Anything that could land outside the venv is refused: absolute paths,
// "..", backslashes, links and duplicates.
//
// Bytecode is not compiled: that needs the target's interpreter, so it
// belongs to a later build step that can run it (the .pyc files would then
// be added to RECORD without hashes, as pip does).
package wheel
