package ldcache

import "testing"

func TestLibcmp(t *testing.T) {
	tests := []struct {
		a, b string
		want int // sign only
	}{
		{"libz.so.1", "libz.so.1", 0},
		{"libz.so.1", "libz.so.10", -1}, // 1 < 10 numerically
		{"libz.so.9", "libz.so.10", -1}, // not byte order, where "9" > "1"
		{"libz.so.01", "libz.so.1", 0},  // numbers, not strings
		{"libz.so.1", "libz.so", 1},     // a digit against the end
		{"libz.so", "libz.so.1", -1},    // the end against a '.'
		{"liba.so", "libb.so", -1},
		{"lib1.so", "liba.so", 1}, // a digit sorts after a non-digit
		{"liba.so", "lib1.so", -1},
		{"libc.so.6", "libcrypt.so.1", -1}, // '.' < 'r'
		{"ld-linux-x86-64.so.2", "libc.so.6", -1},
	}
	for _, tt := range tests {
		got := libcmp(tt.a, tt.b, true)
		if sign(got) != tt.want {
			t.Errorf("libcmp(%q, %q) = %d, want sign %d", tt.a, tt.b, got, tt.want)
		}
		if back := libcmp(tt.b, tt.a, true); sign(back) != -tt.want {
			t.Errorf("libcmp(%q, %q) = %d, want sign %d", tt.b, tt.a, back, -tt.want)
		}
	}
}

func TestLibcmpCharSignedness(t *testing.T) {
	// 0xc3 is negative as a signed char (x86-64) and large as an unsigned
	// one (aarch64), so the two architectures order it differently.
	a, b := "lib\xc3.so", "libz.so"
	if libcmp(a, b, true) >= 0 {
		t.Errorf("signed: %q should sort before %q", a, b)
	}
	if libcmp(a, b, false) <= 0 {
		t.Errorf("unsigned: %q should sort after %q", a, b)
	}
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}
