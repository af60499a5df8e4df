package progress

import (
	"io"
	"strings"

	"golang.org/x/term"
)

// Wanted says whether bars belong on w: it is a terminal, the CI
// variable is unset, empty, "false" or "0" (CI services set it and
// keep logs, where redrawn lines are noise), and TERM is not "dumb".
func Wanted(w io.Writer, getenv func(string) string) bool {
	f, ok := w.(interface{ Fd() uintptr })
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return false
	}
	switch strings.ToLower(getenv("CI")) {
	case "", "false", "0":
	default:
		return false
	}
	return getenv("TERM") != "dumb"
}
