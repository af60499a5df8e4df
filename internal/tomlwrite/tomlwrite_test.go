package tomlwrite

import (
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"
)

func TestString(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`plain`, `"plain"`},
		{`a "q" \ b`, `"a \"q\" \\ b"`},
		{"tab\tnl\ndel\x7f", `"tab\u0009nl\u000Adel\u007F"`},
		{"bad \xff utf8", "\"bad \uFFFD utf8\""},
	} {
		if got := String(tt.in); got != tt.want {
			t.Errorf("String(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// FuzzString: whatever the string, the value reads back as itself (valid
// UTF-8 in, the same out) from a TOML document.
func FuzzString(f *testing.F) {
	for _, s := range []string{"", "a\"b", "\\", "\x00\x7f", "\xff", "é ☃"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var v struct{ K string }
		if err := toml.Unmarshal([]byte("K = "+String(s)+"\n"), &v); err != nil {
			t.Fatalf("String(%q) = %s does not parse: %v", s, String(s), err)
		}
		if want := strings.ToValidUTF8(s, "\uFFFD"); v.K != want {
			t.Errorf("read back %q, want %q", v.K, want)
		}
		var a struct{ A []string }
		if err := toml.Unmarshal([]byte("A = "+Array([]string{s, "x"})+"\n"), &a); err != nil || len(a.A) != 2 {
			t.Fatalf("Array: %v %v", a.A, err)
		}
	})
}
