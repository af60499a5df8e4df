package pep508

import (
	"fmt"
	"strings"
)

// scanner walks the input byte by byte. Everything the grammar treats
// specially is ASCII, so bytes suffice; other characters only ever appear
// inside names (rejected), URLs and quoted strings (kept as they are).
type scanner struct {
	what string // "requirement" or "marker", for errors
	s    string
	i    int
	// depth counts open parentheses in a marker, bounded by maxDepth.
	depth int
}

// maxDepth bounds marker nesting so that hostile input cannot exhaust the
// stack; real markers nest two or three levels.
const maxDepth = 64

func (p *scanner) eof() bool { return p.i >= len(p.s) }

// peek returns the byte at the cursor, 0 at the end.
func (p *scanner) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

// skipSpace skips the grammar's whitespace, which is only space and tab:
// a newline is not whitespace inside a requirement.
func (p *scanner) skipSpace() bool {
	start := p.i
	for p.i < len(p.s) && isSpace(p.s[p.i]) {
		p.i++
	}
	return p.i > start
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' }

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// errAt builds a SyntaxError at byte offset off.
func (p *scanner) errAt(off int, format string, args ...any) *SyntaxError {
	return &SyntaxError{What: p.what, Input: p.s, Offset: off, Msg: fmt.Sprintf(format, args...)}
}

// column is the 1-based character column of byte offset off.
func (p *scanner) column(off int) int { return p.errAt(off, "").Column() }

// found describes what is at the cursor, for "expected X, found Y".
func (p *scanner) found() string {
	if p.eof() {
		return "the end"
	}
	rest := p.s[p.i:]
	if end := strings.IndexAny(rest, " \t"); end > 0 {
		rest = rest[:end]
	}
	if len(rest) > 20 {
		rest = rest[:20] + "…"
	}
	return fmt.Sprintf("%q", rest)
}

// identifier reads a name or an extra: letters and digits, with "-", "_"
// and "." inside but not at either end (the spec's identifier rule and
// PEP 503's name regex). what names it in errors.
func (p *scanner) identifier(what string) (string, error) {
	start := p.i
	if !isAlnum(p.peek()) {
		return "", p.errAt(p.i, "expected %s (a letter or digit), found %s", what, p.found())
	}
	for p.i < len(p.s) && (isAlnum(p.s[p.i]) || strings.IndexByte("-_.", p.s[p.i]) >= 0) {
		p.i++
	}
	if last := p.s[p.i-1]; !isAlnum(last) {
		return "", p.errAt(p.i-1, "%s %q must end with a letter or digit", what, p.s[start:p.i])
	}
	return p.s[start:p.i], nil
}
