package simpleapi

import (
	"bufio"
	"bytes"
	"errors"
	"html"
	"io"
)

// maxTag caps one tag, attributes included, against a page that never
// closes one.
const maxTag = 1 << 20

// errTagTooLong: a tag over maxTag bytes.
var errTagTooLong = errors.New("an HTML tag is longer than 1 MiB")

// scanTags streams an HTML document and calls fn with the lowercased name
// and attributes of every start tag named in want. It knows what a simple
// API page needs and no more: comments, doctypes and end tags are skipped,
// the content of script, style, title and textarea is skipped as raw text,
// attribute values are unquoted and unescaped, a repeated attribute keeps
// its first value (as HTML says), text is ignored (the file name comes
// from the URL). A document cut inside a tag just ends.
func scanTags(r *bufio.Reader, want map[string]bool, fn func(name string, attrs map[string]string) error) error {
	for {
		if _, err := r.ReadSlice('<'); err != nil {
			if errors.Is(err, bufio.ErrBufferFull) {
				continue // a long run of text
			}
			return eofOK(err)
		}
		next, err := r.Peek(1)
		if err != nil {
			return eofOK(err)
		}
		switch c := next[0]; {
		case c == '!':
			if p, _ := r.Peek(3); bytes.Equal(p, []byte("!--")) {
				_, _ = r.Discard(3)
				err = skipComment(r)
			} else {
				err = skipPast(r, '>')
			}
		case c == '/' || c == '?':
			err = skipPast(r, '>')
		case isLetter(c):
			var name string
			var attrs map[string]string
			name, attrs, err = readTag(r)
			if err == nil && want[name] {
				err = fn(name, attrs)
			}
			if err == nil && (name == "script" || name == "style" || name == "title" || name == "textarea") {
				err = skipRawText(r, name)
			}
		}
		if err != nil {
			return eofOK(err)
		}
	}
}

func eofOK(err error) error {
	if errors.Is(err, io.EOF) {
		return nil
	}
	return err
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// skipPast consumes input up to and including the byte end.
func skipPast(r *bufio.Reader, end byte) error {
	for {
		_, err := r.ReadSlice(end)
		if !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
	}
}

// skipComment consumes a comment's content up to and including "-->".
func skipComment(r *bufio.Reader) error {
	dashes := 0
	for {
		c, err := r.ReadByte()
		if err != nil {
			return err
		}
		switch {
		case c == '-':
			dashes++
		case c == '>' && dashes >= 2:
			return nil
		default:
			dashes = 0
		}
	}
}

// skipRawText consumes the content of a raw text element up to its end
// tag "</name", compared without case.
func skipRawText(r *bufio.Reader, name string) error {
	end := "</" + name
	matched := 0
	for matched < len(end) {
		c, err := r.ReadByte()
		if err != nil {
			return err
		}
		switch c = lower(c); {
		case c == end[matched]:
			matched++
		case c == '<':
			matched = 1
		default:
			matched = 0
		}
	}
	return skipPast(r, '>')
}

// readTag reads a start tag after its "<": the name, then attributes up to
// the closing ">".
func readTag(r *bufio.Reader) (string, map[string]string, error) {
	n := 0
	next := func() (byte, error) {
		if n++; n > maxTag {
			return 0, errTagTooLong
		}
		return r.ReadByte()
	}
	var name []byte
	c, err := next()
	for ; err == nil && !isSpace(c) && c != '/' && c != '>'; c, err = next() {
		name = append(name, lower(c))
	}
	attrs := map[string]string{}
	for err == nil && c != '>' {
		if isSpace(c) || c == '/' {
			c, err = next()
			continue
		}
		var key, val []byte
		for ; err == nil && !isSpace(c) && c != '/' && c != '>' && (c != '=' || len(key) == 0); c, err = next() {
			key = append(key, lower(c))
		}
		for ; err == nil && isSpace(c); c, err = next() {
		}
		if err == nil && c == '=' {
			for c, err = next(); err == nil && isSpace(c); c, err = next() {
			}
			if err == nil && (c == '"' || c == '\'') {
				quote := c
				for c, err = next(); err == nil && c != quote; c, err = next() {
					val = append(val, c)
				}
				if err == nil {
					c, err = next()
				}
			} else {
				for ; err == nil && !isSpace(c) && c != '>'; c, err = next() {
					val = append(val, c)
				}
			}
		}
		if _, seen := attrs[string(key)]; !seen {
			attrs[string(key)] = html.UnescapeString(string(val))
		}
	}
	return string(name), attrs, err
}
