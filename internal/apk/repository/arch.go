package repository

import "fmt"

// Arch maps a Go/OCI architecture and variant ("amd64", "arm64", "arm"
// "v7") to the APK architecture that names a repository directory.
func Arch(goarch, variant string) (string, error) {
	switch goarch {
	case "amd64":
		if variant == "" || variant == "v1" {
			return "x86_64", nil
		}
	case "arm64":
		if variant == "" || variant == "v8" {
			return "aarch64", nil
		}
	case "386":
		return "x86", nil
	case "arm":
		// An OCI "linux/arm" without variant means v7, as containerd
		// normalises it. Alpine's armhf is ARMv6 hard-float.
		switch variant {
		case "", "v7":
			return "armv7", nil
		case "v6":
			return "armhf", nil
		}
	case "ppc64le", "s390x", "riscv64":
		if variant == "" {
			return goarch, nil
		}
	case "loong64":
		return "loongarch64", nil
	}
	platform := "linux/" + goarch
	if variant != "" {
		platform += "/" + variant
	}
	return "", fmt.Errorf("platform %s has no APK architecture: use linux/amd64 or linux/arm64 (Wolfi builds x86_64 and aarch64)", platform)
}
