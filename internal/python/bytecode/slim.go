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
	// ("cpython-311"), whose pycs go into the zip.
	Interpreter, Stdlib, Tag string
	// Sources keeps every module of the standard library (in the zip),
	// for a caller that reads the sources to compile from the root
	// rather than from the image's packages.
	Sources bool
	// Log says when a slim root had to be written whole; nil: nowhere.
	Log *slog.Logger
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
	stdlib := strings.Trim(r.Stdlib, "/")
	if rel, ok := strings.CutPrefix(p, stdlib+"/"); ok && stdlib != "" {
		switch {
		case rel == "os.py" || strings.HasPrefix(rel, "encodings/") || strings.HasPrefix(rel, "lib-dynload/"):
			return true
		case r.Sources:
			_, zipped := inZip(p, stdlib, r.Tag)
			return zipped
		}
		return false
	}
	switch {
	case p == strings.Trim(r.Interpreter, "/"):
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
