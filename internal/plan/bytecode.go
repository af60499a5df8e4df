package plan

import (
	"errors"
	"fmt"
	"path"
	"regexp"
)

// Bytecode is how a platform's Python sources are compiled to .pyc at
// build time, so that no module is compiled when the image starts. The
// pycs are PEP 552 hash-based (their bytes depend only on the source and
// the CPython build) and go into the layer of their source.
//
// The compiler is an interpreter of the image's exact CPython for the
// architecture of the machine that planned: pycs are the same on every
// architecture, so the platforms with one CPython share one compilation.
// It runs from Compiler's APK packages or, for an image on a base, from
// Base's own root file system.
type Bytecode struct {
	// Tag is the cache tag the pycs are named with: "cpython-311".
	Tag string `json:"tag"`
	// Dependencies and App are the PEP 552 modes ("unchecked-hash",
	// "checked-hash") of site-packages' pycs and of the app's.
	Dependencies string `json:"dependencies"`
	App          string `json:"app"`
	// Stdlib is the standard library's directory ("/usr/lib/python3.11")
	// when its sources that have no pyc of Tag are compiled too: into the
	// generated layer of an image from packages (no package owns them),
	// into the "bytecode" layer on a base; "" otherwise.
	Stdlib string `json:"stdlib,omitempty"`
	// Exactly one of Compiler and Base is set.
	Compiler *OS   `json:"compiler,omitempty"`
	Base     *Base `json:"base,omitempty"`
	// Interpreter is the compiling interpreter's path in its root.
	Interpreter string `json:"interpreter"`
	// Python is the exact CPython the pycs are for: the APK version of
	// the compiler's python package, or the base's Python version.
	Python string `json:"python"`
}

// The PEP 552 modes a plan may name.
const (
	PycUnchecked = "unchecked-hash"
	PycChecked   = "checked-hash"
)

var cacheTag = regexp.MustCompile(`^cpython-3[0-9]+$`)

func verifyBytecode(b *Bytecode) error {
	if b == nil {
		return nil
	}
	if !cacheTag.MatchString(b.Tag) {
		return fmt.Errorf("bytecode.tag %q: want cpython-3NN", b.Tag)
	}
	for _, m := range []string{b.Dependencies, b.App} {
		if m != PycUnchecked && m != PycChecked {
			return fmt.Errorf("bytecode mode %q: use %s or %s", m, PycUnchecked, PycChecked)
		}
	}
	paths := []string{b.Interpreter}
	if b.Stdlib != "" {
		paths = append(paths, b.Stdlib)
	}
	for _, p := range paths {
		if !path.IsAbs(p) || path.Clean(p) != p || p == "/" {
			return fmt.Errorf("bytecode path %q: want a clean absolute path", p)
		}
	}
	if (b.Compiler == nil) == (b.Base == nil) {
		return errors.New("bytecode: give exactly one of compiler and base")
	}
	if c := b.Compiler; c != nil && (c.Arch == "" || len(c.Packages) == 0) {
		return fmt.Errorf("bytecode.compiler: arch %q, %d packages", c.Arch, len(c.Packages))
	}
	if b.Python == "" {
		return errors.New("bytecode.python is empty")
	}
	return nil
}
