package binfmt

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// qemuAarch64 is what qemu-user-static registers, as the kernel shows it.
const qemuAarch64 = `enabled
interpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P
flags: POCF
offset 0
magic 7f454c460201010000000000000000000200b700
mask ffffffffffffff00fffffffffffffffffeffffff
`

func TestEmulator(t *testing.T) {
	write := func(t *testing.T, files map[string]string) string {
		dir := t.TempDir()
		for n, c := range files {
			if err := os.WriteFile(filepath.Join(dir, n), []byte(c), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	for _, tt := range []struct {
		name  string
		files map[string]string
		arch  string
		want  string // the interpreter, or an error's words
	}{
		{"registered", map[string]string{"status": "enabled\n", "qemu-aarch64": qemuAarch64}, "aarch64", "/usr/libexec/qemu-binfmt/aarch64-binfmt-P"},
		{"another arch", map[string]string{"qemu-aarch64": qemuAarch64}, "x86_64", "no binfmt_misc emulator runs x86_64"},
		{"without F", map[string]string{"qemu-aarch64": strings.Replace(qemuAarch64, "POCF", "OC", 1)}, "aarch64", "lacks the F flag"},
		{"disabled", map[string]string{"qemu-aarch64": strings.Replace(qemuAarch64, "enabled", "disabled", 1)}, "aarch64", "no binfmt_misc emulator runs aarch64"},
		{"none", map[string]string{}, "aarch64", "qemu-user-static"},
		{"not ELF", map[string]string{"jar": "enabled\ninterpreter /usr/bin/jexec\nflags: F\noffset 0\nmagic 504b0304\n"}, "aarch64", "no binfmt_misc emulator"},
		{"unknown arch", map[string]string{"qemu-aarch64": qemuAarch64}, "s390x", "pyko knows"},
	} {
		e, err := Emulator(write(t, tt.files), tt.arch)
		got := e.Interpreter
		if err != nil {
			got = err.Error()
		}
		if !strings.Contains(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add(qemuAarch64)
	f.Add("enabled\ninterpreter /x\nmagic zz\n")
	f.Fuzz(func(t *testing.T, s string) {
		e, err := Parse("x", s)
		if err == nil && e.Interpreter == "" {
			t.Fatal("accepted an entry without an interpreter")
		}
		_ = e.runs(machines["aarch64"])
	})
}
