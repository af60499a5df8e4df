package debwheels

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

func TestExtensionPython(t *testing.T) {
	tests := []struct {
		name, arch, want string
	}{
		{"_speedups.cpython-311-x86_64-linux-gnu.so", "amd64", "cp311"},
		{"md.cpython-312-aarch64-linux-gnu.so", "arm64", "cp312"},
		{"_speedups.cpython-311-x86_64-linux-gnu.so", "arm64", ""}, // wrong machine
		{"_speedups.abi3.so", "amd64", ""},
		{"_speedups.so", "amd64", ""},
		{"x.cpython-2x-x86_64-linux-gnu.so", "amd64", ""},
		{"x.cpython-27-x86_64-linux-gnu.so", "amd64", ""},
		{"x.cpython-311-x86_64-linux-musl.so", "amd64", ""},
	}
	for _, tt := range tests {
		got, err := extensionPython(tt.name, machines[tt.arch])
		if tt.want == "" {
			if err == nil {
				t.Errorf("extensionPython(%q, %s) = %q, want an error", tt.name, tt.arch, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("extensionPython(%q, %s) = %q, %v; want %q", tt.name, tt.arch, got, err, tt.want)
		}
	}
}

func TestGlibcMinor(t *testing.T) {
	tests := []struct {
		v       string
		minor   int
		ok, bad bool
	}{
		{v: "GLIBC_2.14", minor: 14, ok: true},
		{v: "GLIBC_2.2.5", minor: 2, ok: true},
		{v: "GLIBC_2.34", minor: 34, ok: true},
		{v: "GCC_3.0"},
		{v: "GLIBCXX_3.4.29"},
		{v: "GLIBC_PRIVATE", bad: true},
		{v: "GLIBC_3.0", bad: true},
		{v: "GLIBC_2", bad: true},
	}
	for _, tt := range tests {
		minor, ok, err := glibcMinor(tt.v)
		if (err != nil) != tt.bad || ok != tt.ok || minor != tt.minor {
			t.Errorf("glibcMinor(%q) = %d, %t, %v; want %d, %t, error %t", tt.v, minor, ok, err, tt.minor, tt.ok, tt.bad)
		}
	}
}

func TestPlatformTag(t *testing.T) {
	tests := []struct {
		arch  string
		minor int
		want  string
	}{
		{"amd64", 14, "manylinux_2_17_x86_64"},
		{"amd64", 17, "manylinux_2_17_x86_64"},
		{"amd64", 34, "manylinux_2_34_x86_64"},
		{"arm64", 0, "manylinux_2_17_aarch64"},
		{"arm64", 28, "manylinux_2_28_aarch64"},
	}
	for _, tt := range tests {
		if got := platformTag(tt.arch, tt.minor); got != tt.want {
			t.Errorf("platformTag(%s, %d) = %q, want %q", tt.arch, tt.minor, got, tt.want)
		}
	}
}

// TestInspectModuleHost reads CPython's own extension modules on a Debian
// amd64 host: one with versioned glibc symbols, one with none, and one
// that links OpenSSL (not allowed in a manylinux wheel).
func TestInspectModuleHost(t *testing.T) {
	const dir = "/usr/lib/python3.11/lib-dynload"
	const suffix = ".cpython-311-x86_64-linux-gnu.so"
	if runtime.GOARCH != "amd64" || !exists(filepath.Join(dir, "_ssl"+suffix)) {
		tools.Unavailable(t, "needs Debian's python3.11 on amd64")
	}
	tests := []struct {
		module  string
		glibc   int    // minimum expected
		wantErr string // substring
	}{
		{module: "_asyncio", glibc: 2},
		{module: "_json", glibc: 0},
		{module: "_ssl", wantErr: "libssl"},
	}
	for _, tt := range tests {
		n, err := inspectModule(filepath.Join(dir, tt.module+suffix), tt.module+suffix, "amd64")
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("inspecting %s: got error %v, want one naming %s", tt.module, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("inspecting %s: %v", tt.module, err)
			continue
		}
		if n.python != "cp311" || n.glibc < tt.glibc {
			t.Errorf("inspecting %s: got %+v, want cp311 needing glibc 2.%d or newer", tt.module, n, tt.glibc)
		}
		t.Logf("%s needs GLIBC_2.%d from %v", tt.module, n.glibc, n.libs)
	}
	notELF := filepath.Join(t.TempDir(), "x"+suffix)
	if err := os.WriteFile(notELF, []byte("not an ELF file"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := inspectModule(notELF, "x"+suffix, "amd64"); err == nil {
		t.Error("inspecting a non-ELF file: want an error")
	}
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
