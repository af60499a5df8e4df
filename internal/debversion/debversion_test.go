package debversion

import "testing"

func TestCompare(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"1.0", "1.0", 0},
		{"1.0", "1.1", -1},
		{"1.10", "1.9", 1},
		{"1:1.0", "2.0", 1},
		{"1.0~rc1", "1.0", -1},
		{"1.0~rc1", "1.0~rc2", -1},
		{"1.0-1", "1.0-2", -1},
		{"1.0-1+deb12u1", "1.0-1", 1},
		{"2.36-9+deb12u4", "2.36-9+deb12u14", -1},
		{"3.0.11-1~deb12u2", "3.0.11-1", -1},
		{"1.0a", "1.0+", -1},
		{"1.0", "1.0.0", -1},
		{"0:1.2", "1.2", 0},
		{"1.002", "1.2", 0},
	} {
		if got := Compare(tt.a, tt.b); got != tt.want {
			t.Errorf("Compare(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := Compare(tt.b, tt.a); got != -tt.want {
			t.Errorf("Compare(%q, %q) = %d, want %d", tt.b, tt.a, got, -tt.want)
		}
	}
}

func FuzzCompare(f *testing.F) {
	f.Add("1:2.0~rc1-3", "2.0-3")
	f.Fuzz(func(t *testing.T, a, b string) {
		if Compare(a, b) != -Compare(b, a) {
			t.Fatalf("Compare(%q, %q) is not antisymmetric", a, b)
		}
		if Compare(a, a) != 0 {
			t.Fatalf("Compare(%q, %q) != 0", a, a)
		}
	})
}
