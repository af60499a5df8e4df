package wheel

import (
	"fmt"
	"path"
	"regexp"
	"strings"
)

// Layout is the venv a wheel is installed into, as it will be in the
// image. Its scheme is the venv scheme of CPython's sysconfig and pip:
// purelib = platlib = <Prefix>/lib/python3.X/site-packages, scripts =
// <Prefix>/bin, data = <Prefix>, headers =
// <Prefix>/include/site/python3.X/<name>.
type Layout struct {
	// Prefix is the venv's absolute path in the image, such as "/app/venv".
	Prefix string
	// PythonVersion is the interpreter's major.minor, such as "3.12".
	PythonVersion string
	// Interpreter is written into launchers' shebangs, such as
	// "/app/venv/bin/python".
	Interpreter string
}

var pythonMinor = regexp.MustCompile(`^[0-9]+\.[0-9]+$`)

// maxShebang is the longest "#!interpreter\n" line pip and installer
// write as is; Linux kernels before 5.1 cut shebangs at 127 bytes. pip
// falls back to a /bin/sh trampoline past it, but pyko's images have no
// shell, so a longer interpreter path is an error instead.
const maxShebang = 127

func (l Layout) validate() error {
	if !path.IsAbs(l.Prefix) || path.Clean(l.Prefix) != l.Prefix || l.Prefix == "/" || hasControl(l.Prefix) {
		return fmt.Errorf("venv prefix %q must be a clean absolute path below /, such as /app/venv", l.Prefix)
	}
	if !pythonMinor.MatchString(l.PythonVersion) {
		return fmt.Errorf("python version %q must be major.minor, such as 3.12", l.PythonVersion)
	}
	if !path.IsAbs(l.Interpreter) || strings.Contains(l.Interpreter, " ") || hasControl(l.Interpreter) {
		return fmt.Errorf("interpreter %q must be an absolute path without spaces, such as /app/venv/bin/python", l.Interpreter)
	}
	if n := len("#!") + len(l.Interpreter) + len("\n"); n > maxShebang {
		return fmt.Errorf("interpreter %q makes a %d-byte shebang; the limit is %d, choose a shorter venv prefix", l.Interpreter, n, maxShebang)
	}
	return nil
}

// Image paths of the scheme's directories, relative to the image root as
// layer entries are.

func (l Layout) root() string { return strings.TrimPrefix(l.Prefix, "/") }

func (l Layout) sitePackages() string {
	return l.root() + "/lib/python" + l.PythonVersion + "/site-packages"
}

func (l Layout) scripts() string { return l.root() + "/bin" }

func (l Layout) headers(name string) string {
	return l.root() + "/include/site/python" + l.PythonVersion + "/" + name
}

// reserved reports whether p, relative to the prefix, belongs to the venv
// itself (PEP 405's pyvenv.cfg, the interpreter links, lib64): a wheel
// writing there would break every other package.
func (l Layout) reserved(p string) bool {
	switch {
	case p == "pyvenv.cfg", p == "lib64", strings.HasPrefix(p, "lib64/"):
		return true
	case strings.HasPrefix(p, "bin/"):
		return reservedScript(strings.TrimPrefix(p, "bin/"))
	}
	return false
}

var pythonLink = regexp.MustCompile(`^python(w|3|3\.[0-9]+)?$`)

// reservedScript reports whether a script name would replace one of the
// venv's interpreter links, as uv refuses to.
func reservedScript(name string) bool { return pythonLink.MatchString(name) }

// relativeTo returns target relative to base, both slash-separated,
// relative to the same root and clean: "../../../bin/flask" for a script
// seen from site-packages, as pip writes RECORD.
func relativeTo(base, target string) string {
	b, t := strings.Split(base, "/"), strings.Split(target, "/")
	i := 0
	for i < len(b) && i < len(t) && b[i] == t[i] {
		i++
	}
	parts := make([]string, 0, len(b)-i+len(t)-i)
	for range b[i:] {
		parts = append(parts, "..")
	}
	return strings.Join(append(parts, t[i:]...), "/")
}

func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
}
