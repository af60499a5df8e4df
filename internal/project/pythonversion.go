package project

import (
	"strings"
)

// parsePythonVersion returns the first line of a .python-version file that
// is neither blank nor a comment, trimmed, or "" when there is none.
//
// The format is pyenv's, as read by uv: one request per line (e.g. "3.12",
// "3.12.4", "cpython@3.12", "pypy3.10"), "#" starting a comment line. pyenv
// allows several lines; the first one is the preferred version. Traps: a
// UTF-8 byte order mark, CRLF or CR line ends, a missing final newline.
func parsePythonVersion(data []byte) string {
	s := strings.TrimPrefix(string(data), "\ufeff")
	lines := strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' })
	for _, line := range lines {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		return line
	}
	return ""
}
