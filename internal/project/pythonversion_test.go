package project

import (
	"strings"
	"testing"
)

func TestParsePythonVersion(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"plain", "3.12\n", "3.12"},
		{"no newline", "3.11.9", "3.11.9"},
		{"crlf", "3.12\r\n", "3.12"},
		{"cr", "# c\r3.9\r", "3.9"},
		{"bom", "\ufeff3.13\n", "3.13"},
		{"comments and blanks", "# our version\n\n   # indented comment\n  3.10  \n", "3.10"},
		{"first of several", "3.12\n3.11\n", "3.12"},
		{"only comments", "# nothing\n#\n", ""},
		{"implementation", "cpython@3.12\n", "cpython@3.12"},
		{"pypy", "pypy3.10\n", "pypy3.10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parsePythonVersion([]byte(tt.in)); got != tt.want {
				t.Errorf("parsePythonVersion(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzPythonVersion(f *testing.F) {
	for _, s := range []string{"3.12\n", "# c\n3.11", "\ufeff3.13\r\n", "\n\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got := parsePythonVersion(data)
		if got != strings.TrimSpace(got) || strings.ContainsAny(got, "\r\n") || strings.HasPrefix(got, "#") {
			t.Errorf("parsePythonVersion(%q) = %q: not a trimmed, non-comment line", data, got)
		}
		if got != "" && !strings.Contains(string(data), got) {
			t.Errorf("parsePythonVersion(%q) = %q: not in the input", data, got)
		}
	})
}
