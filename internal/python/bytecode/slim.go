package bytecode

import (
	"log/slog"
	"path"
	"strings"
)

// Root says how a compiler's root file system is written from an
// image's files. It is slim: only what the interpreter needs to run the
// driver (see keeps), the standard library's modules in the zip CPython
// searches first (see StdlibZip). Whether the interpreter really loads
// in what was kept is checked once it is written (Loadable); a root that
// fails the check is written again whole, every file of the image, the
// standard library zipped.
type Root struct {
	// Interpreter and Stdlib are image paths ("/usr/bin/python3.11",
	// "/usr/lib/python3.11"); Tag the interpreter's cache tag
	// ("cpython-311"), whose pycs go into the zip. With none of them the
	// root is every Python's of the image (see AnyPython).
	Interpreter, Stdlib, Tag string
	// Sources keeps every module of the standard library (in the zip),
	// for a caller that reads the sources to compile from the root
	// rather than from the image's packages.
	Sources bool
	// Log says when a slim root had to be written whole; nil: nowhere.
	Log *slog.Logger
	// Sums, when set, is given each regular file WriteRootTar writes (its
	// path in the root, size and sha256), the zips too.
	Sums func(path string, size int64, sum []byte)
}

// libDirs are the directories whose shared objects, and whose
// subdirectories' (the multiarch x86_64-linux-gnu), a slim root keeps:
// where the dynamic loader and ldconfig look by default.
var libDirs = map[string]bool{
	"lib": true, "lib32": true, "lib64": true,
	"usr/lib": true, "usr/lib32": true, "usr/lib64": true,
	"usr/local/lib": true, "usr/local/lib64": true,
}

// kind is what an image path is, as keeps sees it.
type kind int

const (
	regular kind = iota
	directory
	symlink
)

// keeps tells whether the file at p (an image path) belongs in the slim
// root. Of the directories only the top ones are written: the others a
// kept file needs are made for it. Of the symbolic links those at the
// top (/lib → usr/lib), the lib directories that are links, and links
// named like a file kept (libz.so.1 → libz.so.1.2.13).
func (r Root) keeps(p string, k kind) bool {
	p = strings.Trim(p, "/")
	switch k {
	case directory:
		return !strings.Contains(p, "/")
	case symlink:
		return !strings.Contains(p, "/") || libDirs[p] || r.keepsFile(p)
	}
	return r.keepsFile(p)
}

// AnyPython is the root of every Python of an image, for when its facts
// are not known yet: each bin/python3.N is an interpreter, each
// lib/python3.N a standard library, its modules zipped with the pycs of
// cpython-3N, with Sources. WriteRootTar cannot check it: the caller
// checks its interpreter with Loadable, and its stdlib with Covers.
func AnyPython(log *slog.Logger) Root {
	return Root{Sources: true, Log: log}
}

// any tells whether r is AnyPython's.
func (r Root) any() bool { return r.Interpreter == "" && r.Stdlib == "" }

// Covers tells whether an AnyPython root holds the standard library in
// stdlib ("/usr/lib/python3.11"): one it recognises.
func Covers(stdlib string) bool {
	s, _, _, ok := AnyPython(nil).stdlibOf(strings.Trim(stdlib, "/") + "/os.py")
	return ok && s == strings.Trim(stdlib, "/")
}

// stdlibOf is the standard library the image path p lies in, its cache
// tag, and p's path in it: r's, or for AnyPython's root any
// lib/python3.N ("usr/local/lib/python3.12").
func (r Root) stdlibOf(p string) (stdlib, tag, rel string, ok bool) {
	p = strings.Trim(p, "/")
	if !r.any() {
		stdlib = strings.Trim(r.Stdlib, "/")
		rel, ok = strings.CutPrefix(p, stdlib+"/")
		return stdlib, r.Tag, rel, ok && stdlib != ""
	}
	parts := strings.Split(p, "/")
	for i := 1; i < len(parts)-1; i++ {
		if v, ok := strings.CutPrefix(parts[i], "python"); ok && parts[i-1] == "lib" && isMinor(v) {
			return strings.Join(parts[:i+1], "/"), CacheTag(v), strings.Join(parts[i+1:], "/"), true
		}
	}
	return "", "", "", false
}

// isMinor tells whether v is a Python 3 minor version: "3.11".
func isMinor(v string) bool {
	n, ok := strings.CutPrefix(v, "3.")
	return ok && n != "" && !strings.ContainsFunc(n, func(r rune) bool { return r < '0' || r > '9' })
}

// isInterpreter tells whether p is r's interpreter: for AnyPython's root,
// any bin/python3.N.
func (r Root) isInterpreter(p string) bool {
	if !r.any() {
		return p == strings.Trim(r.Interpreter, "/")
	}
	dir, name := path.Split(p)
	v, ok := strings.CutPrefix(name, "python")
	return ok && isMinor(v) && path.Base(strings.TrimSuffix(dir, "/")) == "bin"
}

// keepsFile tells whether the regular file at p belongs in the slim
// root. The driver imports only built-in and frozen modules
// (see compile.py), so of the standard library it needs what starts an
// interpreter run with -I -S: os.py (the landmark CPython finds its
// prefix by), the encodings package, and lib-dynload (the CJK codecs a
// coding line may name). Besides: the interpreter, shared objects where
// the loader looks, and the loader's cache and configuration. The rest
// of an image (its other programs, /usr/share, the rest of the standard
// library) would only be written to disk and hashed.
func (r Root) keepsFile(p string) bool {
	if stdlib, tag, rel, ok := r.stdlibOf(p); ok {
		switch {
		case rel == "os.py" || strings.HasPrefix(rel, "encodings/") || strings.HasPrefix(rel, "lib-dynload/"):
			return true
		case r.Sources:
			_, zipped := inZip(p, stdlib, tag)
			return zipped
		}
		return false
	}
	switch {
	case r.isInterpreter(p):
		return true
	case p == "etc/ld.so.cache" || p == "etc/ld.so.conf" || strings.HasPrefix(p, "etc/ld.so.conf.d/"):
		return true
	}
	dir, name := path.Split(p)
	dir = strings.TrimSuffix(dir, "/")
	return isSharedObject(name) && (libDirs[dir] || libDirs[path.Dir(dir)])
}

// isSharedObject tells whether name is a shared object's: libz.so.1,
// ld-linux-x86-64.so.2, _json.cpython-311-x86_64-linux-gnu.so.
func isSharedObject(name string) bool {
	return strings.HasSuffix(name, ".so") || strings.Contains(name, ".so.")
}

func (r Root) log() *slog.Logger {
	if r.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return r.Log
}
