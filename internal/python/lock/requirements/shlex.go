package requirements

import (
	"errors"
	"strings"
)

// splitArgsOptions cuts a logical line at its first word that starts with
// "-": the words before are the requirement, joined back with single
// spaces, and the rest are options. Like pip, the requirement is not
// shell-split, since its marker may hold quotes and backslashes.
func splitArgsOptions(text string) (req, options string) {
	words := strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == '\t' })
	for i, w := range words {
		if strings.HasPrefix(w, "-") {
			return strings.Join(words[:i], " "), strings.Join(words[i:], " ")
		}
	}
	return strings.Join(words, " "), ""
}

// shellSplit splits s into words as Python's shlex.split does in POSIX
// mode, which pip uses for options: whitespace separates words; '…' quotes
// literally; "…" quotes with "\" escaping only "\" and '"'; outside quotes
// "\" escapes any character.
func shellSplit(s string) ([]string, error) {
	var words []string
	var w strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		case c == '\\':
			if i+1 == len(s) {
				return nil, errors.New(`a "\" at the end of the options escapes nothing`)
			}
			i++
			w.WriteByte(s[i])
			inWord = true
		case c == '\'':
			end := strings.IndexByte(s[i+1:], '\'')
			if end < 0 {
				return nil, errors.New("a ' quote is not closed")
			}
			w.WriteString(s[i+1 : i+1+end])
			i += end + 1
			inWord = true
		case c == '"':
			j, err := doubleQuoted(s, i+1, &w)
			if err != nil {
				return nil, err
			}
			i = j
			inWord = true
		default:
			w.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words, nil
}

// doubleQuoted copies the inside of a "…" string starting at s[i] to w and
// returns the index of the closing quote.
func doubleQuoted(s string, i int, w *strings.Builder) (int, error) {
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			return i, nil
		case c == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\'):
			i++
			w.WriteByte(s[i])
		default:
			w.WriteByte(c)
		}
	}
	return 0, errors.New(`a " quote is not closed`)
}
