package target

import (
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

func TestFor(t *testing.T) {
	for _, tc := range []struct {
		arch, variant, machine, apk, wantErr string
	}{
		{"amd64", "", "x86_64", "x86_64", ""},
		{"arm64", "", "aarch64", "aarch64", ""},
		{"arm64", "v8", "aarch64", "aarch64", ""},
		{"386", "", "i686", "x86", ""},
		{"arm", "v7", "armv7l", "armv7", ""},
		{"arm", "", "armv7l", "armv7", ""},
		{"arm", "v6", "armv6l", "armhf", ""},
		{"ppc64le", "", "ppc64le", "ppc64le", ""},
		{"s390x", "", "s390x", "s390x", ""},
		{"riscv64", "", "riscv64", "riscv64", ""},
		{"arm", "v5", "", "", "platform linux/arm/v5 has no APK architecture"},
		{"mips64le", "", "", "", "platform linux/mips64le has no APK architecture"},
		{"arm64", "v9", "", "", "platform linux/arm64/v9"},
		{"", "", "", "", "has no APK architecture"},
	} {
		p := v1.Platform{OS: "linux", Architecture: tc.arch, Variant: tc.variant}
		got, err := For(p)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("For(%s) = %+v, %v; want an error containing %q", p, got, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got.Machine != tc.machine || got.APKArch != tc.apk {
			t.Errorf("For(%s) = %+v, %v; want machine %q, apk %q", p, got, err, tc.machine, tc.apk)
		}
	}
	if _, err := For(v1.Platform{OS: "windows", Architecture: "amd64"}); err == nil {
		t.Error("For(windows/amd64) succeeded")
	}
}

func TestUpstream(t *testing.T) {
	for in, want := range map[string]string{
		"3.12.4-r0":        "3.12.4",
		"2.36-r3":          "2.36",
		"2.36":             "2.36",
		"1:2.36-9+deb12u4": "2.36",
		"3.11.2-6+deb12u6": "3.11.2",
		"3.12":             "3.12",
		"weird":            "weird",
	} {
		if got := Upstream(in); got != want {
			t.Errorf("Upstream(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTagsAndMarkers(t *testing.T) {
	tg, _ := For(v1.Platform{OS: "linux", Architecture: "arm64"})
	tg = tg.WithPython("/usr/bin/python3.12", "3.12.4-r1", "2.36-r0")
	tt, err := tg.Tags()
	if err != nil {
		t.Fatal(err)
	}
	if tt.PythonMinor != 12 || tt.GlibcMinor != 36 || tt.Arch != "aarch64" {
		t.Errorf("Tags() = %+v", tt)
	}
	if tg.Minor() != "3.12" || tg.FullPython() != "3.12.4" {
		t.Errorf("Minor, FullPython = %q, %q", tg.Minor(), tg.FullPython())
	}
	if tg.WithPython("/usr/local/bin/python3.11", "3.11", "2.36").FullPython() != "3.11.0" {
		t.Error("a minor-only Python has no .0 patch level")
	}
	if _, err := (Target{Machine: "x86_64", Python: "3.12"}).Tags(); err == nil {
		t.Error("Tags() without glibc succeeded")
	}
}

func FuzzUpstream(f *testing.F) {
	for _, s := range []string{"3.12.4-r0", "1:2.36-9+deb12u4", "", "x", "3.13.0_rc1-r0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		u, ok := ParseUpstream(v)
		if !ok {
			if Upstream(v) != v {
				t.Fatalf("Upstream(%q) changed a version it cannot read", v)
			}
			return
		}
		if again, ok := ParseUpstream(u); !ok || again != u {
			t.Fatalf("ParseUpstream(%q) = %q, not a fixed point (%q)", v, u, again)
		}
	})
}
