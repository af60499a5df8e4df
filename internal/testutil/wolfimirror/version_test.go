package wolfimirror

import "testing"

func TestAPKVersion(t *testing.T) {
	tests := []struct {
		deb, want string
	}{
		{"2.36-9+deb12u14", "2.36-r14"},
		{"1:1.2.13.dfsg-1", "1.2.13-r0"},
		{"3.0.22-1~deb12u2", "3.0.22-r2"},
		{"20250419~deb12u2", "20250419-r2"},
		{"1:1.35.0-4+deb12u1+b1", "1.35.0-r1"},
		{"5.3.28+dfsg2-1", "5.3.28-r0"},
		{"8.2-1.3", "8.2-r0"},
		{"1.0.8-5+b1", "1.0.8-r0"},
		{"3.11.2-6+deb12u9", "3.11.2-r9"},
		{"2.4.1a-3", "2.4.1a-r0"},
	}
	for _, tt := range tests {
		got, err := apkVersion(tt.deb)
		if err != nil || got != tt.want {
			t.Errorf("apkVersion(%q) = %q, %v; want %q", tt.deb, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "abc-1", "1:~rc1"} {
		if got, err := apkVersion(bad); err == nil {
			t.Errorf("apkVersion(%q) = %q, want an error", bad, got)
		}
	}
}
