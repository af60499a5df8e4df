package venv

import (
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"strings"

	"github.com/pyko-dev/pyko/internal/layer"
)

// Spec describes the venv.
type Spec struct {
	// Prefix is the venv's absolute path in the image, such as "/app/venv".
	Prefix string
	// Interpreter is the image's interpreter, such as
	// "/usr/bin/python3.12"; the venv's bin/python3.X links to it.
	Interpreter string
	// Version is the interpreter's full version, such as "3.12.4".
	Version string
	// Pip asks for pip in the venv. The skeleton is the same either way:
	// the caller installs the pip wheel into it like any other package.
	Pip bool
}

var fullVersion = regexp.MustCompile(`^([0-9]+)\.([0-9]+)\.[0-9]+([a-z]+[0-9]+)?$`)

// Validate checks the spec; Entries assumes a valid one.
func (s Spec) Validate() error {
	if !path.IsAbs(s.Prefix) || path.Clean(s.Prefix) != s.Prefix || s.Prefix == "/" || hasControl(s.Prefix) {
		return fmt.Errorf("venv prefix %q must be a clean absolute path below /, such as /app/venv", s.Prefix)
	}
	if !path.IsAbs(s.Interpreter) || path.Clean(s.Interpreter) != s.Interpreter || hasControl(s.Interpreter) {
		return fmt.Errorf("interpreter %q must be a clean absolute path, such as /usr/bin/python3.12", s.Interpreter)
	}
	if !fullVersion.MatchString(s.Version) {
		return fmt.Errorf("python version %q must be a full version, such as 3.12.4", s.Version)
	}
	return nil
}

// hasControl reports a control character, which pyvenv.cfg's lines and
// a tar header cannot carry safely.
func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
}

// MinorVersion is the "3.12" of Version "3.12.4", the name of the venv's
// lib/python3.12 directory.
func (s Spec) MinorVersion() string {
	major, rest, _ := strings.Cut(s.Version, ".")
	minor, _, _ := strings.Cut(rest, ".")
	return major + "." + minor
}

// Entries returns the venv's skeleton, sorted by path, owned by root:
//
//	<prefix>/                          0755
//	<prefix>/pyvenv.cfg                0644
//	<prefix>/bin/                      0755
//	<prefix>/bin/python3.X  -> <interpreter>
//	<prefix>/bin/python3    -> python3.X
//	<prefix>/bin/python     -> python3.X
//	<prefix>/lib/python3.X/site-packages/
//	<prefix>/lib64          -> lib
//
// CPython's venv makes lib64 a link to lib on 64-bit POSIX systems other
// than macOS, so that either name finds site-packages. The links in bin are
// relative so that they stay inside the venv; only python3.X leaves it.
// Python finds pyvenv.cfg next to or one level above the unresolved path
// it was started as, so starting bin/python selects the venv.
func Entries(s Spec) []layer.Entry {
	root := strings.TrimPrefix(s.Prefix, "/")
	minor := "python" + s.MinorVersion()
	cfg := pyvenvCfg(s)
	dir := func(p string) layer.Entry { return layer.Entry{Path: p, Mode: fs.ModeDir | 0o755} }
	link := func(p, to string) layer.Entry { return layer.Entry{Path: p, Mode: fs.ModeSymlink | 0o777, Link: to} }
	return []layer.Entry{
		dir(root),
		dir(root + "/bin"),
		link(root+"/bin/python", minor),
		link(root+"/bin/python3", minor),
		link(root+"/bin/"+minor, s.Interpreter),
		dir(root + "/lib"),
		dir(root + "/lib/" + minor),
		dir(root + "/lib/" + minor + "/site-packages"),
		link(root+"/lib64", "lib"),
		{Path: root + "/pyvenv.cfg", Mode: 0o644, Size: int64(len(cfg)), Open: func() (io.ReadCloser, error) {
			return io.NopCloser(strings.NewReader(cfg)), nil
		}},
	}
}

// pyvenvCfg is the file CPython's venv writes, in its order, without the
// "command" line (the venv was not made by a command) and without a
// prompt: https://docs.python.org/3/library/venv.html
func pyvenvCfg(s Spec) string {
	return "home = " + path.Dir(s.Interpreter) + "\n" +
		"include-system-site-packages = false\n" +
		"version = " + s.Version + "\n" +
		"executable = " + s.Interpreter + "\n"
}
