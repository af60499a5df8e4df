package audit

import (
	"archive/tar"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"
)

// shells and package managers an image does not need at run time.
var (
	shells   = []string{"bin/sh", "bin/bash", "bin/dash", "bin/ash", "bin/zsh", "bin/busybox", "usr/bin/sh", "usr/bin/bash", "usr/bin/dash", "usr/bin/busybox"}
	managers = []string{"sbin/apk", "usr/bin/apk", "usr/sbin/apk", "usr/bin/apt", "usr/bin/apt-get", "usr/bin/dpkg", "usr/bin/yum", "usr/bin/dnf", "usr/bin/rpm", "usr/bin/microdnf"}
	builders = []string{"usr/bin/gcc", "usr/bin/cc", "usr/bin/g++", "usr/bin/make", "usr/bin/ld", "usr/bin/as"}
)

// checkFiles reports what the final file system should not hold.
func checkFiles(fs *fileSystem) []Finding {
	var out []Finding
	present := func(list []string) []string {
		var found []string
		for _, p := range list {
			if _, ok := fs.files[p]; ok {
				found = append(found, "/"+p)
			}
		}
		return found
	}
	if s := present(shells); len(s) > 0 {
		out = append(out, Finding{Check: "shell", Severity: Medium, Path: s[0],
			Message: fmt.Sprintf("a shell is in the image (%s): an attacker who gets code execution gets a shell too; leave it out unless the app runs shell commands", strings.Join(s, ", "))})
	}
	if m := present(managers); len(m) > 0 {
		out = append(out, Finding{Check: "package-manager", Severity: Medium, Path: m[0],
			Message: fmt.Sprintf("a package manager is in the image (%s): software can be installed at run time", strings.Join(m, ", "))})
	}
	if b := present(builders); len(b) > 0 {
		out = append(out, Finding{Check: "build-tools", Severity: Low, Path: b[0],
			Message: fmt.Sprintf("build tools are in the image (%s): build in another stage and leave them behind", strings.Join(b, ", "))})
	}
	for _, p := range slices.Sorted(maps.Keys(fs.files)) {
		out = append(out, checkFile(p, fs.files[p])...)
	}
	return out
}

// checkFile reports a setuid or setgid file, a world-writable one (a
// directory without the sticky bit too), and pip.
func checkFile(p string, f *file) []Finding {
	var out []Finding
	mode := f.hdr.Mode
	switch f.hdr.Typeflag {
	case tar.TypeReg:
		if mode&0o4000 != 0 || mode&0o2000 != 0 {
			out = append(out, Finding{Check: "setuid", Severity: High, Path: "/" + p, Layer: f.layer,
				Message: fmt.Sprintf("/%s is setuid or setgid (mode %04o): it runs with its owner's rights, whoever starts it", p, mode&0o7777)})
		}
		if mode&0o002 != 0 {
			out = append(out, Finding{Check: "world-writable", Severity: Medium, Path: "/" + p, Layer: f.layer,
				Message: fmt.Sprintf("/%s is writable by every user (mode %04o)", p, mode&0o7777)})
		}
	case tar.TypeDir:
		if mode&0o002 != 0 && mode&0o1000 == 0 {
			out = append(out, Finding{Check: "world-writable", Severity: Medium, Path: "/" + p, Layer: f.layer,
				Message: fmt.Sprintf("/%s is a directory every user may write to, without the sticky bit (mode %04o)", p, mode&0o7777)})
		}
	}
	if base := path.Base(p); base == "METADATA" && isDistInfo(path.Dir(p), "pip") {
		out = append(out, Finding{Check: "pip", Severity: Low, Path: "/" + path.Dir(p), Layer: f.layer,
			Message: "pip is installed (" + strings.TrimSuffix(path.Base(path.Dir(p)), ".dist-info") + "): an image needs no installer at run time"})
	}
	return out
}

// isDistInfo reports whether dir is the .dist-info directory of the
// distribution named name ("pip-24.0.dist-info").
func isDistInfo(dir, name string) bool {
	base := path.Base(dir)
	rest, ok := strings.CutPrefix(base, name+"-")
	return ok && strings.HasSuffix(rest, ".dist-info") && !strings.Contains(strings.TrimSuffix(rest, ".dist-info"), "-")
}
