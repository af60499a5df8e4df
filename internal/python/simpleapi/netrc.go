package simpleapi

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
)

// netrc holds the entries of a .netrc file: "machine <host> login <user>
// password <secret>", "default" for any other host, "account" (ignored)
// and "macdef" macros (skipped up to the next empty line), separated by
// any white space; "#" starts a comment; values may be double-quoted with
// backslash escapes. Errors name the file and line, never a value, which
// may be a secret. Format: GNU inetutils' netrc(5),
// https://www.gnu.org/software/inetutils/manual/html_node/The-_002enetrc-file.html
type netrc struct {
	machines []netrcEntry
	def      *netrcEntry
}

type netrcEntry struct{ machine, login, password string }

// readNetrc reads path; a missing file is no netrc and no error.
func readNetrc(path string) (*netrc, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the netrc file: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("reading the netrc file %s: %w", path, err)
	}
	n, err := parseNetrc(string(b))
	if err != nil {
		return nil, fmt.Errorf("reading the netrc file %s: %w (fix it, or point NETRC elsewhere)", path, err)
	}
	return n, nil
}

// lookup returns the credentials for host: its machine entry, else the
// default entry.
func (n *netrc) lookup(host string) (login, password string, ok bool) {
	if n == nil {
		return "", "", false
	}
	for _, e := range n.machines {
		if strings.EqualFold(e.machine, host) {
			return e.login, e.password, true
		}
	}
	if n.def != nil {
		return n.def.login, n.def.password, true
	}
	return "", "", false
}

func parseNetrc(s string) (*netrc, error) {
	t := &netrcTokens{s: s, line: 1}
	n := &netrc{}
	var cur *netrcEntry
	for {
		tok, ok, err := t.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		line := t.line
		switch tok {
		case "machine", "login", "password", "account", "macdef":
			val, ok, err := t.next()
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, fmt.Errorf("line %d: %s has no value", line, tok)
			}
			switch tok {
			case "machine":
				n.machines = append(n.machines, netrcEntry{machine: val})
				cur = &n.machines[len(n.machines)-1]
			case "login", "password":
				if cur == nil {
					return nil, fmt.Errorf("line %d: %s before any machine or default", line, tok)
				}
				if tok == "login" {
					cur.login = val
				} else {
					cur.password = val
				}
			case "macdef":
				t.skipMacro()
			}
		case "default":
			n.def = &netrcEntry{}
			cur = n.def
		default:
			return nil, fmt.Errorf("line %d: a token that is not machine, default, login, password, account or macdef", line)
		}
	}
	return n, nil
}

// netrcTokens splits a netrc file into tokens, counting lines.
type netrcTokens struct {
	s    string
	i    int
	line int
}

func (t *netrcTokens) next() (string, bool, error) {
	for t.i < len(t.s) {
		switch c := t.s[t.i]; {
		case c == '\n':
			t.line++
			t.i++
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			t.i++
		case c == '#':
			for t.i < len(t.s) && t.s[t.i] != '\n' {
				t.i++
			}
		case c == '"':
			var b strings.Builder
			for t.i++; t.i < len(t.s); t.i++ {
				c := t.s[t.i]
				switch {
				case c == '"':
					t.i++
					return b.String(), true, nil
				case c == '\\' && t.i+1 < len(t.s):
					t.i++
					c = t.s[t.i]
				case c == '\n':
					t.line++
				}
				b.WriteByte(c)
			}
			return "", false, fmt.Errorf("line %d: a quoted value is not closed", t.line)
		default:
			start := t.i
			for t.i < len(t.s) && !strings.ContainsRune(" \t\r\n\f\v", rune(t.s[t.i])) {
				t.i++
			}
			return t.s[start:t.i], true, nil
		}
	}
	return "", false, nil
}

// skipMacro skips the rest of a macdef line and the macro's lines, up to
// and including the first empty line.
func (t *netrcTokens) skipMacro() {
	for t.i < len(t.s) && t.s[t.i] != '\n' {
		t.i++
	}
	for t.i < len(t.s) {
		t.i++ // the '\n'
		t.line++
		end := strings.IndexByte(t.s[t.i:], '\n')
		if end < 0 {
			t.i = len(t.s)
			return
		}
		if strings.TrimRight(t.s[t.i:t.i+end], "\r") == "" {
			t.i += end
			return
		}
		t.i += end
	}
}
