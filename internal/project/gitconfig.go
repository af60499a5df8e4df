package project

import (
	"errors"
	"fmt"
	"strings"
)

// gitConfigEntry is one "key = value" of a git config file.
type gitConfigEntry struct {
	Section    string // lowercased, e.g. "remote"
	Subsection string // case-sensitive, e.g. "origin"
	Key        string // lowercased, e.g. "url"
	Value      string
}

// parseGitConfig parses the git config format
// (https://git-scm.com/docs/git-config#_configuration_file).
//
// Traps: `[section "sub"]` and the older `[section.sub]` headers; section and
// key names are case-insensitive, subsections are not (except in the older
// form); values may be quoted, hold \" \\ \n \t \b escapes, continue on the
// next line after a final backslash, and end at an unquoted "#" or ";";
// a key alone means true. [include] directives are not followed.
func parseGitConfig(s string) ([]gitConfigEntry, error) {
	p := &gitConfigParser{s: s}
	var out []gitConfigEntry
	var section, sub string
	for p.i < len(p.s) {
		switch c := p.s[p.i]; {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			p.i++
		case c == '#' || c == ';':
			p.skipLine()
		case c == '[':
			var err error
			if section, sub, err = p.header(); err != nil {
				return nil, p.errorf("%w", err)
			}
		case isAlpha(c):
			if section == "" {
				return nil, p.errorf("key outside of a section")
			}
			key, value, err := p.keyValue()
			if err != nil {
				return nil, p.errorf("%w", err)
			}
			out = append(out, gitConfigEntry{section, sub, key, value})
		default:
			return nil, p.errorf("unexpected %q", c)
		}
	}
	return out, nil
}

type gitConfigParser struct {
	s string
	i int
}

func (p *gitConfigParser) errorf(format string, args ...any) error {
	line := 1 + strings.Count(p.s[:min(p.i, len(p.s))], "\n")
	return fmt.Errorf("line %d: %w", line, fmt.Errorf(format, args...))
}

func (p *gitConfigParser) skipLine() {
	for p.i < len(p.s) && p.s[p.i] != '\n' {
		p.i++
	}
}

// header parses `[name]`, `[name "sub"]` or `[name.sub]`.
func (p *gitConfigParser) header() (section, sub string, err error) {
	p.i++ // '['
	start := p.i
	for p.i < len(p.s) && (isAlnum(p.s[p.i]) || p.s[p.i] == '-' || p.s[p.i] == '.') {
		p.i++
	}
	name := strings.ToLower(p.s[start:p.i])
	if before, after, ok := strings.Cut(name, "."); ok {
		name, sub = before, after
	}
	if name == "" {
		return "", "", errors.New("empty section name")
	}
	if p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
			p.i++
		}
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			return "", "", errors.New("want a quoted subsection name")
		}
		p.i++
		var b strings.Builder
		for ; p.i < len(p.s) && p.s[p.i] != '"'; p.i++ {
			if p.s[p.i] == '\n' {
				return "", "", errors.New("unterminated subsection name")
			}
			if p.s[p.i] == '\\' && p.i+1 < len(p.s) {
				p.i++
			}
			b.WriteByte(p.s[p.i])
		}
		if p.i >= len(p.s) {
			return "", "", errors.New("unterminated subsection name")
		}
		p.i++ // closing '"'
		sub = b.String()
	}
	if p.i >= len(p.s) || p.s[p.i] != ']' {
		return "", "", errors.New("unterminated section header")
	}
	p.i++
	return name, sub, nil
}

// keyValue parses `key = value` or a lone `key` (true).
func (p *gitConfigParser) keyValue() (key, value string, err error) {
	start := p.i
	for p.i < len(p.s) && (isAlnum(p.s[p.i]) || p.s[p.i] == '-') {
		p.i++
	}
	key = strings.ToLower(p.s[start:p.i])
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
	if p.i >= len(p.s) || p.s[p.i] == '\n' || p.s[p.i] == '\r' || p.s[p.i] == '#' || p.s[p.i] == ';' {
		return key, "true", nil
	}
	if p.s[p.i] != '=' {
		return "", "", fmt.Errorf("want \"=\" after key %q", key)
	}
	p.i++
	value, err = p.value()
	return key, value, err
}

// value parses a value up to the end of its (last continued) line.
func (p *gitConfigParser) value() (string, error) {
	var b strings.Builder
	quoted := false
	spaces := 0 // unquoted blanks not yet written: dropped if trailing
	flush := func() {
		if b.Len() > 0 || quoted {
			b.WriteString(strings.Repeat(" ", spaces))
		}
		spaces = 0
	}
	for ; p.i < len(p.s); p.i++ {
		c := p.s[p.i]
		switch {
		case c == '\n' || c == '\r' && strings.HasPrefix(p.s[p.i:], "\r\n"):
			if quoted {
				return "", errors.New("newline in quoted value")
			}
			return b.String(), nil
		case !quoted && (c == '#' || c == ';'):
			p.skipLine()
			return b.String(), nil
		case !quoted && (c == ' ' || c == '\t'):
			spaces++
		case c == '"':
			flush()
			quoted = !quoted
		case c == '\\':
			flush()
			if err := p.escape(&b); err != nil {
				return "", err
			}
		default:
			flush()
			b.WriteByte(c)
		}
	}
	if quoted {
		return "", errors.New("unterminated quoted value")
	}
	return b.String(), nil
}

// escape handles the backslash at p.i, leaving p.i on the last byte consumed.
func (p *gitConfigParser) escape(b *strings.Builder) error {
	rest := p.s[p.i+1:]
	switch {
	case strings.HasPrefix(rest, "\n"):
		p.i++
	case strings.HasPrefix(rest, "\r\n"):
		p.i += 2
	case rest == "":
		return errors.New("backslash at end of file")
	default:
		r, ok := map[byte]byte{'n': '\n', 't': '\t', 'b': '\b', '"': '"', '\\': '\\'}[rest[0]]
		if !ok {
			return fmt.Errorf("unknown escape \\%c", rest[0])
		}
		b.WriteByte(r)
		p.i++
	}
	return nil
}

func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isAlnum(c byte) bool { return isAlpha(c) || '0' <= c && c <= '9' }
