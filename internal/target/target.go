package target

import (
	"fmt"
	"path"
	"runtime"
	"strconv"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/python/pep508"
	"github.com/pyko-dev/pyko/internal/python/tags"
)

// Target is one platform's runtime. Machine and APKArch follow from the
// platform alone; Python, Glibc and Interpreter are what the planned
// packages (or the base image's package database) hold, empty when the
// image has no Python to install packages for.
type Target struct {
	// Machine is `uname -m` in the image: "x86_64", "aarch64", "armv7l".
	Machine string `json:"machine"`
	// APKArch is the APK architecture: "x86_64", "aarch64", "armv7".
	APKArch string `json:"apkArch"`
	// Python is the CPython version, "3.12.4" (or "3.12" when the patch
	// level is unknown).
	Python string `json:"python,omitempty"`
	// Glibc is the C library version, "2.36".
	Glibc string `json:"glibc,omitempty"`
	// Interpreter is the interpreter's path, "/usr/bin/python3.12".
	Interpreter string `json:"interpreter,omitempty"`
}

// For returns the target of platform p, without a Python yet.
func For(p v1.Platform) (Target, error) {
	a, ok := archOf(p)
	if !ok || (p.OS != "" && p.OS != "linux") {
		return Target{}, fmt.Errorf("platform %s has no APK architecture: use linux/amd64 or linux/arm64 (Wolfi builds x86_64 and aarch64)", p.String())
	}
	return Target{Machine: a.machine, APKArch: a.apk}, nil
}

// WithPython returns t with the interpreter at interp, of CPython python
// on glibc. Versions may be package versions ("3.12.4-r0", "2.36-9+deb12u4"):
// only their upstream part is kept.
func (t Target) WithPython(interp, python, glibc string) Target {
	t.Interpreter, t.Python, t.Glibc = interp, Upstream(python), Upstream(glibc)
	return t
}

// Minor is the Python's "3.12" (from the interpreter's path when the
// version is unknown).
func (t Target) Minor() string {
	if maj, min, ok := majorMinor(t.Python); ok {
		return fmt.Sprintf("%d.%d", maj, min)
	}
	return strings.TrimPrefix(path.Base(t.Interpreter), "python")
}

// FullPython is Python with a patch level: "3.12" becomes "3.12.0", as
// pyvenv.cfg and python_full_version need one.
func (t Target) FullPython() string {
	if strings.Count(t.Python, ".") == 1 {
		return t.Python + ".0"
	}
	return t.Python
}

// Tags is the wheel tag target: which manylinux wheels of which CPython fit.
func (t Target) Tags() (tags.Target, error) {
	pmaj, pmin, ok1 := majorMinor(t.Python)
	gmaj, gmin, ok2 := majorMinor(t.Glibc)
	if !ok1 || !ok2 {
		return tags.Target{}, fmt.Errorf("cannot tell which wheels fit: python %q, glibc %q", t.Python, t.Glibc)
	}
	tt := tags.Target{PythonMajor: pmaj, PythonMinor: pmin, Arch: t.Machine, GlibcMajor: gmaj, GlibcMinor: gmin}
	if err := tt.Validate(); err != nil {
		return tags.Target{}, err
	}
	return tt, nil
}

// Markers is the PEP 508 environment markers are evaluated in.
func (t Target) Markers() pep508.Environment {
	return pep508.LinuxCPython(t.FullPython(), t.Machine)
}

func majorMinor(v string) (int, int, bool) {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return 0, 0, false
	}
	a, err1 := strconv.Atoi(parts[0])
	b, err2 := strconv.Atoi(parts[1])
	return a, b, err1 == nil && err2 == nil
}

// Host is the platform of this machine: its programs (a build root's, a
// bytecode compiler's) run here without an emulator.
func Host() v1.Platform { return v1.Platform{OS: "linux", Architecture: runtime.GOARCH} }
