// Package binfmt tells whether the kernel runs another architecture's
// programs through an emulator (binfmt_misc, as qemu-user-static
// registers it), so that a source build for that architecture can run in
// the sandbox. Only a registration with the F ("fix binary") flag counts:
// the kernel then opens the emulator when it is registered, and it keeps
// working after the sandbox's pivot_root hides the host's files.
// https://docs.kernel.org/admin-guide/binfmt-misc.html
package binfmt

import (
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Dir is where the kernel lists the registrations.
const Dir = "/proc/sys/fs/binfmt_misc"

// machines are the ELF e_machine values, little-endian as in the header,
// of the APK architectures pyko builds for.
var machines = map[string][2]byte{"x86_64": {0x3e, 0x00}, "aarch64": {0xb7, 0x00}}

// eMachine is the offset of e_machine in an ELF header.
const eMachine = 18

// Entry is one registration.
type Entry struct {
	Name, Interpreter, Flags string
	Enabled                  bool
	Offset                   int
	Magic, Mask              []byte
}

// Emulator returns the registration in dir that runs ELF programs of the
// APK architecture arch with the F flag. An error says why there is
// none, naming what to do.
func Emulator(dir, arch string) (Entry, error) {
	m, ok := machines[arch]
	if !ok {
		return Entry{}, fmt.Errorf("architecture %q: pyko knows x86_64 and aarch64", arch)
	}
	ents, err := os.ReadDir(dir)
	if err != nil || len(ents) == 0 {
		return Entry{}, fmt.Errorf("no binfmt_misc emulators are registered (%s is empty or absent): install qemu-user-static and register it with the F flag to build for %s on this machine", dir, arch)
	}
	var noFix []string
	for _, e := range ents {
		if e.Name() == "status" || e.Name() == "register" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		en, err := Parse(e.Name(), string(data))
		if err != nil || !en.Enabled || !en.runs(m) {
			continue
		}
		if !strings.Contains(en.Flags, "F") {
			noFix = append(noFix, en.Name)
			continue
		}
		return en, nil
	}
	if len(noFix) > 0 {
		return Entry{}, fmt.Errorf("the binfmt_misc emulator %s for %s lacks the F flag, without which it cannot run inside the build sandbox: register it again with F (qemu-user-static's --persistent yes, or docker run --privileged tonistiigi/binfmt)", strings.Join(noFix, ", "), arch)
	}
	return Entry{}, fmt.Errorf("no binfmt_misc emulator runs %s programs on this machine: install qemu-user-static and register it with the F flag", arch)
}

// runs reports whether the entry's magic matches an ELF header of the
// machine m.
func (e Entry) runs(m [2]byte) bool {
	if e.Offset != 0 || len(e.Magic) < eMachine+2 || !strings.HasPrefix(string(e.Magic), "\x7fELF") {
		return false
	}
	b := [2]byte{e.Magic[eMachine], e.Magic[eMachine+1]}
	if len(e.Mask) >= eMachine+2 {
		b[0] &= e.Mask[eMachine]
		b[1] &= e.Mask[eMachine+1]
		m[0] &= e.Mask[eMachine]
		m[1] &= e.Mask[eMachine+1]
	}
	return b == m
}

// Parse reads one registration file as the kernel writes it.
func Parse(name, text string) (Entry, error) {
	e := Entry{Name: name}
	for _, line := range strings.Split(text, "\n") {
		key, val, _ := strings.Cut(strings.TrimSpace(line), " ")
		var err error
		switch key {
		case "enabled":
			e.Enabled = true
		case "interpreter":
			e.Interpreter = val
		case "flags:":
			e.Flags = val
		case "offset":
			_, err = fmt.Sscanf(val, "%d", &e.Offset)
		case "magic":
			e.Magic, err = hex.DecodeString(val)
		case "mask":
			e.Mask, err = hex.DecodeString(val)
		}
		if err != nil {
			return Entry{}, fmt.Errorf("binfmt_misc %s: %s: %w", name, key, err)
		}
	}
	if e.Interpreter == "" {
		return Entry{}, errors.New("binfmt_misc " + name + ": no interpreter")
	}
	return e, nil
}
