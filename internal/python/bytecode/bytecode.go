package bytecode

import (
	_ "embed"
	"path"
	"strings"

	"github.com/pyko-dev/pyko/internal/layer"
)

//go:embed compile.py
var driver []byte

// Version changes whenever the driver or the way it is run changes what
// a compilation produces; it belongs in every cache key of pycs.
const Version = "pyko-bytecode-4"

// Mode is a PEP 552 invalidation mode.
type Mode string

const (
	// Unchecked pycs are used without looking at the source: for files
	// that never change once installed (dependencies, the stdlib).
	Unchecked Mode = "unchecked-hash"
	// Checked pycs are used only while the source's hash matches: for
	// the app, whose files a user may mount over (a ConfigMap
	// settings.py), which must never be shadowed by a stale pyc.
	Checked Mode = "checked-hash"
)

// Valid reports whether m is a mode pyko writes.
func (m Mode) Valid() bool { return m == Unchecked || m == Checked }

// CacheTag is sys.implementation.cache_tag of a CPython minor version
// ("3.12" → "cpython-312").
func CacheTag(minor string) string { return "cpython-" + strings.ReplaceAll(minor, ".", "") }

// PycPath is where the pyc of a source goes, as importlib looks for it:
// __pycache__ beside it, named with the cache tag.
func PycPath(src, tag string) string {
	dir, base := path.Split(src)
	return dir + "__pycache__/" + strings.TrimSuffix(base, ".py") + "." + tag + ".pyc"
}

// Compilable reports whether e is a source the compiler takes: a regular
// .py file with content. Which files are importable is the caller's
// business (those under site-packages, the app's); like pip, pyko
// compiles every .py there, importable name or not.
func Compilable(e layer.Entry) bool {
	return e.Mode.IsRegular() && strings.HasSuffix(e.Path, ".py") && e.Open != nil
}
