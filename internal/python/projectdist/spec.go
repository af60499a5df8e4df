package projectdist

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/pep503"
)

// Spec is the project as pyproject.toml describes it.
type Spec struct {
	Name, Version, RequiresPython string
	Dependencies                  []string
	Scripts, GUIScripts           map[string]string
	// CodeRoot is the directory in the image that holds the project's
	// top-level packages: "/app", or "/app/src" for a src layout.
	CodeRoot string
}

// compiled names build backends and build requirements that mean native
// code is compiled when the project is built.
var compiled = []string{"maturin", "scikit-build", "scikit-build-core", "meson-python", "mesonpy",
	"cython", "pybind11", "nanobind", "setuptools-rust", "cffi"}

// NeedsCompiler returns what in [build-system] or the files says the
// project compiles native code when it is built, or "". files are the
// project's paths, relative and slash-separated.
func NeedsCompiler(backend string, requires []string, files []string) string {
	for _, r := range append([]string{backend}, requires...) {
		if slices.Contains(compiled, reqName(r)) {
			return fmt.Sprintf("[build-system] uses %s", r)
		}
	}
	builds := slices.Contains(files, "setup.py") || slices.Contains(files, "Cargo.toml")
	for _, f := range files {
		native := strings.HasSuffix(f, ".c") || strings.HasSuffix(f, ".cpp") || strings.HasSuffix(f, ".rs")
		if strings.HasSuffix(f, ".pyx") || (builds && native) {
			return "it has the source file " + f
		}
	}
	return ""
}

// reqName is the project a requirement or a backend module names:
// "cython>=3" → "cython", "scikit_build_core.build" → "scikit-build-core".
func reqName(r string) string {
	if i := strings.IndexAny(r, "<>=!~;[ :@"); i >= 0 {
		r = r[:i]
	}
	if i := strings.IndexByte(r, '.'); i >= 0 {
		r = r[:i]
	}
	return pep503.Normalize(strings.TrimSpace(r))
}
