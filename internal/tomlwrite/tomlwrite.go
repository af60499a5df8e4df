// Package tomlwrite writes TOML values by hand, for the files pyko writes
// line by line with comments between them (pylock.toml, pyko init's
// [tool.pyko]), which a TOML encoder would not keep.
package tomlwrite

import (
	"fmt"
	"strings"
)

// String quotes s as a TOML basic string: quotes, backslashes and control
// characters (DEL too) escaped, invalid UTF-8 replaced by U+FFFD, since a
// TOML file must be UTF-8.
func String(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, "\\u%04X", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Array is a one-line TOML array of strings.
func Array(a []string) string {
	q := make([]string, len(a))
	for i, s := range a {
		q[i] = String(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
