package plan

import (
	"strings"
	"testing"
)

// TestVerifyWheelHashes: a wheel is checked against a sha256 or, when the
// lock pinned only sha384/sha512, against those; it needs one of them, and
// each must be well formed.
func TestVerifyWheelHashes(t *testing.T) {
	s256, s512 := strings.Repeat("a", 64), strings.Repeat("b", 128)
	tests := []struct {
		name   string
		sha256 string
		hashes []string
		err    string
	}{
		{"sha256", s256, nil, ""},
		{"sha512 only", "", []string{"sha512:" + s512}, ""},
		{"both", s256, []string{"sha384:" + strings.Repeat("c", 96), "sha512:" + s512}, ""},
		{"none", "", nil, "has no sha256, sha384 or sha512"},
		{"short sha512", "", []string{"sha512:" + s256}, `hash "sha512:` + s256 + `" is not`},
		{"upper case", "", []string{"sha512:" + strings.ToUpper(s512)}, "is not"},
		{"md5", "", []string{"md5:" + s256[:32]}, "is not sha256, sha384 or sha512"},
		{"bad sha256", "xyz", nil, `sha256 "xyz" is not 64 hex digits`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := Wheel{Name: "a", Version: "1", Filename: "a-1-py3-none-any.whl", SHA256: tt.sha256, Hashes: tt.hashes}
			err := verifyWheel(w)
			if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
				t.Fatalf("verifyWheel = %v, want %q", err, tt.err)
			}
		})
	}
}

// TestWheelHashText: the text plan never prints an empty "sha256:".
func TestWheelHashText(t *testing.T) {
	s256, s512 := strings.Repeat("a", 64), strings.Repeat("b", 128)
	tests := []struct {
		w    Wheel
		want string
	}{
		{Wheel{SHA256: s256, Hashes: []string{"sha512:" + s512}}, "sha256:aaaaaaaaaaaa"},
		{Wheel{Hashes: []string{"sha512:" + s512}}, "sha512:bbbbbbbbbbbb"},
		{Wheel{}, "no hash"},
	}
	for _, tt := range tests {
		if got := wheelHash(tt.w); got != tt.want {
			t.Errorf("wheelHash(%+v) = %q, want %q", tt.w, got, tt.want)
		}
	}
}
