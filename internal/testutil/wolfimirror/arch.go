package wolfimirror

import (
	"fmt"
	"strings"
)

// archInfo is what the mirror needs to know about an architecture.
type archInfo struct {
	deb     string // Debian and Go name: amd64, arm64
	apk     string // APK name: x86_64, aarch64
	triplet string // Debian multiarch directory
	loader  string // the ELF interpreter, as binaries name it
	gnuType string // in Debian's package names: binutils-x86-64-linux-gnu
}

var arches = []archInfo{
	{"amd64", "x86_64", "x86_64-linux-gnu", "/lib64/ld-linux-x86-64.so.2", "x86-64-linux-gnu"},
	{"arm64", "aarch64", "aarch64-linux-gnu", "/lib/ld-linux-aarch64.so.1", "aarch64-linux-gnu"},
}

// lookupArch accepts the Debian/Go name or the APK name.
func lookupArch(arch string) (archInfo, error) {
	for _, a := range arches {
		if arch == a.deb || arch == a.apk {
			return a, nil
		}
	}
	return archInfo{}, fmt.Errorf("architecture %q: want amd64 or arm64 (x86_64, aarch64)", arch)
}

// APKArch returns the repository directory name of arch ("amd64" gives
// "x86_64"), or "" for an unsupported architecture.
func APKArch(arch string) string {
	a, err := lookupArch(arch)
	if err != nil {
		return ""
	}
	return a.apk
}

// debName expands "{gnu}" in a recipe's Debian package name to the
// architecture's GNU type, for the packages Debian names by it.
func (a archInfo) debName(name string) string {
	return strings.ReplaceAll(name, "{gnu}", a.gnuType)
}
