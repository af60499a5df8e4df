package lock

import (
	"strings"
	"testing"
)

func TestParseSHA256(t *testing.T) {
	hex := strings.Repeat("ab", 32)
	tests := []struct{ in, want, err string }{
		{"", "", ""},
		{"sha256:" + strings.ToUpper(hex), hex, ""},
		{"md5:0123", "", ""},
		{hex, "", "has no algorithm"},
		{"sha256:abc", "", "not 64 hex digits"},
		{"sha256:" + strings.Repeat("zz", 32), "", "not 64 hex digits"},
	}
	for _, tt := range tests {
		got, err := ParseSHA256(tt.in)
		if got != tt.want || (tt.err == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("ParseSHA256(%q) = %q, %v; want %q, %q", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestFileNameAndURL(t *testing.T) {
	if got := FileName("https://h/p/flask-3.0.0-py3-none-any.whl#sha256=x"); got != "flask-3.0.0-py3-none-any.whl" {
		t.Errorf("FileName = %q", got)
	}
	if got := FileName("https://h/a%2Bb.whl"); got != "a+b.whl" {
		t.Errorf("FileName unescapes: %q", got)
	}
	if got := FileURL("/proj", "wheels/x.whl"); got != "file:///proj/wheels/x.whl" {
		t.Errorf("FileURL = %q", got)
	}
	if got := FileURL("/proj", "/abs/x.whl"); got != "file:///abs/x.whl" {
		t.Errorf("FileURL = %q", got)
	}
}

func FuzzParseSHA256(f *testing.F) {
	f.Add("sha256:" + strings.Repeat("0", 64))
	f.Fuzz(func(t *testing.T, s string) {
		if h, err := ParseSHA256(s); err == nil && h != "" && !IsSHA256(h) {
			t.Fatalf("ParseSHA256(%q) = %q, not a digest", s, h)
		}
	})
}
