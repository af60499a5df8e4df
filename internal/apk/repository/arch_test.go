package repository

import (
	"strings"
	"testing"
)

func TestArch(t *testing.T) {
	for _, tc := range []struct {
		goarch, variant, want, wantErr string
	}{
		{"amd64", "", "x86_64", ""},
		{"arm64", "", "aarch64", ""},
		{"arm64", "v8", "aarch64", ""},
		{"386", "", "x86", ""},
		{"arm", "v7", "armv7", ""},
		{"arm", "", "armv7", ""},
		{"arm", "v6", "armhf", ""},
		{"ppc64le", "", "ppc64le", ""},
		{"s390x", "", "s390x", ""},
		{"riscv64", "", "riscv64", ""},
		{"arm", "v5", "", "platform linux/arm/v5 has no APK architecture"},
		{"mips64le", "", "", "platform linux/mips64le has no APK architecture"},
		{"arm64", "v9", "", "platform linux/arm64/v9"},
		{"", "", "", "platform linux/ has no APK architecture"},
	} {
		got, err := Arch(tc.goarch, tc.variant)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("Arch(%q, %q) = %q, %v; want an error containing %q", tc.goarch, tc.variant, got, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("Arch(%q, %q) = %q, %v; want %q", tc.goarch, tc.variant, got, err, tc.want)
		}
	}
}
