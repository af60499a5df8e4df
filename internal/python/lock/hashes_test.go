package lock

import (
	"maps"
	"strings"
	"testing"
)

func TestParseHash(t *testing.T) {
	a64, c128 := strings.Repeat("a", 64), strings.Repeat("c", 128)
	tests := []struct {
		in, alg, digest, err string
	}{
		{in: "sha256:" + a64, alg: "sha256", digest: a64},
		{in: "SHA512:" + strings.ToUpper(c128), alg: "sha512", digest: c128},
		{in: "sha384:" + strings.Repeat("d", 96), alg: "sha384", digest: strings.Repeat("d", 96)},
		{in: "sha512:" + a64, err: "is not 128 hex digits"},
		{in: "md5:" + a64[:32], err: `algorithm "md5" is not sha256, sha384 or sha512`},
		{in: a64, err: "is not algorithm:hex"},
		{in: "sha256:" + a64[:63] + "g", err: "is not 64 hex digits"},
	}
	for _, tt := range tests {
		alg, d, err := ParseHash(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseHash(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || alg != tt.alg || d != tt.digest {
			t.Errorf("ParseHash(%q) = %q, %q, %v", tt.in, alg, d, err)
		}
		if ga, gd := SplitPin(Pin(alg, d)); ga != alg || gd != d {
			t.Errorf("SplitPin(Pin(%q, %q)) = %q, %q", alg, d, ga, gd)
		}
	}
}

func TestSetHash(t *testing.T) {
	a64, c128 := strings.Repeat("a", 64), strings.Repeat("c", 128)
	tests := []struct {
		in     []string
		sha256 string
		hashes map[string]string
		err    string
	}{
		{in: []string{"sha256:" + a64}, sha256: a64},
		{in: []string{"sha512:" + c128}, hashes: map[string]string{"sha512": c128}},
		{in: []string{"sha256:" + a64, "sha512:" + c128}, sha256: a64, hashes: map[string]string{"sha512": c128}},
		{in: []string{"md5:" + a64[:32], ""}},
		{in: []string{"sha512:00"}, err: `hash "sha512:00" is not 128 hex digits`},
		{in: []string{"nocolon"}, err: "has no algorithm"},
	}
	for _, tt := range tests {
		var f File
		var err error
		for _, h := range tt.in {
			if err = f.SetHash(h); err != nil {
				break
			}
		}
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("SetHash(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || f.SHA256 != tt.sha256 || !maps.Equal(f.Hashes, tt.hashes) {
			t.Errorf("SetHash(%q) = %+v, %v", tt.in, f, err)
		}
	}
}

// FuzzParseHash: no panic; an accepted hash has a strong algorithm and a
// lowercase digest of its length, and reads back the same through Pin and
// SplitPin.
func FuzzParseHash(f *testing.F) {
	for _, s := range []string{"sha256:" + strings.Repeat("a", 64), "SHA512:" + strings.Repeat("F", 128), "sha384:xyz", "md5:00", ":", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		alg, d, err := ParseHash(s)
		if err != nil {
			return
		}
		if !StrongHash(alg) || len(d) != hexLengths[alg] || strings.Trim(d, "0123456789abcdef") != "" {
			t.Fatalf("ParseHash(%q) = %q, %q", s, alg, d)
		}
		if ga, gd := SplitPin(Pin(alg, d)); ga != alg || gd != d {
			t.Fatalf("SplitPin(Pin(%q, %q)) = %q, %q", alg, d, ga, gd)
		}
	})
}
