package target

import v1 "github.com/google/go-containerregistry/pkg/v1"

type arch struct{ machine, apk string }

// archOf maps an OCI architecture and variant to uname and APK names. An
// OCI "linux/arm" without variant means v7, as containerd normalises it;
// Alpine's armhf is ARMv6 hard-float.
func archOf(p v1.Platform) (arch, bool) {
	switch p.Architecture {
	case "amd64":
		return arch{"x86_64", "x86_64"}, p.Variant == "" || p.Variant == "v1"
	case "arm64":
		return arch{"aarch64", "aarch64"}, p.Variant == "" || p.Variant == "v8"
	case "386":
		return arch{"i686", "x86"}, p.Variant == ""
	case "arm":
		switch p.Variant {
		case "", "v7":
			return arch{"armv7l", "armv7"}, true
		case "v6":
			return arch{"armv6l", "armhf"}, true
		}
	case "ppc64le", "s390x", "riscv64":
		return arch{p.Architecture, p.Architecture}, p.Variant == ""
	case "loong64":
		return arch{"loongarch64", "loongarch64"}, p.Variant == ""
	}
	return arch{}, false
}
