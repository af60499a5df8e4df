package progress

import (
	"io"
	"strings"

	"golang.org/x/term"
)

// Wanted says whether bars belong on w: it is a terminal with columns, the CI
// variable is unset, empty, "false" or "0" (CI services set it and
// keep logs, where redrawn lines are noise), and TERM is not "dumb".
func Wanted(w io.Writer, getenv func(string) string) bool {
	f, ok := w.(interface{ Fd() uintptr })
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return false
	}
	// A terminal that says it has no columns (a pty nobody sized, as
	// script(1) makes without a terminal of its own) would get empty
	// bars: plain lines serve it better.
	if cols, _, err := term.GetSize(int(f.Fd())); err != nil || cols <= 0 {
		return false
	}
	switch strings.ToLower(getenv("CI")) {
	case "", "false", "0":
	default:
		return false
	}
	return getenv("TERM") != "dumb"
}
