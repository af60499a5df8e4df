package requirements

import (
	"regexp"
	"strings"
	"unicode"
)

// line is one logical line of a requirements file: continuation lines
// joined, the comment removed, environment variables expanded, trimmed.
type line struct {
	n    int // the number of its first physical line, counting from 1
	text string
}

// logicalLines turns the content of a requirements file into its logical
// lines, dropping empty ones, as pip's preprocess does: join, then strip
// comments, then expand variables.
func logicalLines(content string, lookupEnv func(string) (string, bool)) []line {
	var out []line
	for _, l := range joinLines(splitLines(content)) {
		text := strings.TrimFunc(stripComment(l.text), unicode.IsSpace)
		if text == "" {
			continue
		}
		out = append(out, line{n: l.n, text: expandEnv(text, lookupEnv)})
	}
	return out
}

// splitLines splits like Python's str.splitlines, which pip uses: besides
// "\n", "\r\n" and "\r", the vertical tab, form feed, file/group/record
// separators, NEL and the Unicode line and paragraph separators end a line.
func splitLines(s string) []string {
	var out []string
	start := 0
	for i, r := range s {
		if i < start {
			continue // the "\n" of a "\r\n" already consumed
		}
		switch r {
		case '\n', '\v', '\f', '\x1c', '\x1d', '\x1e', '\u0085', '\u2028', '\u2029':
			out = append(out, s[start:i])
			start = i + len(string(r))
		case '\r':
			out = append(out, s[start:i])
			start = i + 1
			if strings.HasPrefix(s[start:], "\n") {
				start++
			}
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// joinLines joins every line ending in "\" with the next one. A comment
// line (whitespace then "#") never continues and ends a join; it is kept,
// behind a space, so that stripComment still removes it from the joined
// line. The backslashes at either end of a continued line are dropped.
func joinLines(physical []string) []line {
	var out []line
	var joined strings.Builder
	first := 0 // the number of the first line of the join; 0 when none
	for i, text := range physical {
		n := i + 1
		comment := isCommentLine(text)
		if !strings.HasSuffix(text, `\`) || comment {
			if comment {
				text = " " + text
			}
			if first != 0 {
				joined.WriteString(text)
				out = append(out, line{n: first, text: joined.String()})
				joined.Reset()
				first = 0
			} else {
				out = append(out, line{n: n, text: text})
			}
			continue
		}
		if first == 0 {
			first = n
		}
		joined.WriteString(strings.Trim(text, `\`))
	}
	if first != 0 { // the file ends in "\"
		out = append(out, line{n: first, text: joined.String()})
	}
	return out
}

// isCommentLine reports whether the line is only a comment: optional
// whitespace, then "#".
func isCommentLine(text string) bool {
	return strings.HasPrefix(strings.TrimLeftFunc(text, unicode.IsSpace), "#")
}

// stripComment cuts the line at the first "#" that starts it or follows
// whitespace.
func stripComment(text string) string {
	prevSpace := true
	for i, r := range text {
		if r == '#' && prevSpace {
			return text[:i]
		}
		prevSpace = unicode.IsSpace(r)
	}
	return text
}

// envVar is the only variable form pip expands: POSIX names, braces
// required, so that a "$" in a URL or marker is never touched.
var envVar = regexp.MustCompile(`\$\{([A-Z0-9_]+)\}`)

// expandEnv replaces each ${NAME} whose variable is set and not empty.
func expandEnv(text string, lookupEnv func(string) (string, bool)) string {
	if !strings.Contains(text, "${") {
		return text
	}
	return envVar.ReplaceAllStringFunc(text, func(m string) string {
		if v, ok := lookupEnv(m[2 : len(m)-1]); ok && v != "" {
			return v
		}
		return m
	})
}
