package pep440

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// normLocal strips leading zeros from numeric segments, which compare as
// numbers, so that "01" and "1" are one label.
func normLocal(seg string) string {
	if !isNumeric(seg) {
		return seg
	}
	if t := strings.TrimLeft(seg, "0"); t != "" {
		return t
	}
	return "0"
}

func (p *scanner) number(what string) (uint64, error) {
	start := p.i
	for isDigit(p.peek(0)) {
		p.i++
	}
	if start == p.i {
		if p.i == len(p.s) {
			return 0, fmt.Errorf("expected a %s number at the end", what)
		}
		return 0, fmt.Errorf("expected a %s number at offset %d, found %q", what, p.i, p.s[p.i:])
	}
	n, err := strconv.ParseUint(p.s[start:p.i], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s number %s is larger than %d", what, p.s[start:p.i], uint64(1<<64-1))
	}
	return n, nil
}

func (p *scanner) separator() bool {
	if c := p.peek(0); c == '.' || c == '-' || c == '_' {
		p.i++
		return true
	}
	return false
}

func (p *scanner) accept(w string) bool {
	if strings.HasPrefix(p.s[p.i:], w) {
		p.i += len(w)
		return true
	}
	return false
}

// peek returns the byte k places ahead, or 0 past the end.
func (p *scanner) peek(k int) byte {
	if p.i+k < len(p.s) {
		return p.s[p.i+k]
	}
	return 0
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isNumeric(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// isSpace is Python's str.isspace, which pypa/packaging trims with: Unicode
// White_Space plus the ASCII separators U+001C..U+001F.
func isSpace(r rune) bool { return unicode.IsSpace(r) || r >= 0x1c && r <= 0x1f }

// trimSpace trims what Python's str.strip() would.
func trimSpace(s string) string { return strings.TrimFunc(s, isSpace) }
