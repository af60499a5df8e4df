package wolfimirror

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
)

// compileStdlib is the driver Wolfi's python package runs at build time
// (compileall --invalidation-mode=unchecked-hash): the pycs name their
// sources by their installed path (argv[2]), and a file that does not
// compile (lib2to3's Python 2 test data) is left without one.
const compileStdlib = `import compileall, py_compile, sys
compileall.compile_dir(sys.argv[1], ddir=sys.argv[2], quiet=2, workers=1, force=True,
    invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
`

// stdlibPycs compiles the standard library among src, as Wolfi's python
// package ships it: Debian ships no pycs (its postinst compiles them), and
// an image without them compiles every module at each start. The package's
// files are linked into a scratch root and compiled by the package's own
// interpreter when it runs here, else by the host's python of the same
// version (pycs of one CPython version are the same on every
// architecture; pyko's bytecode tests show it).
func (b *builder) stdlibPycs(stdlib string, src []srcFile) ([]apkrepo.File, error) {
	root, err := os.MkdirTemp(b.tmp, "pyc-")
	if err != nil {
		return nil, err
	}
	if err := linkTree(root, src); err != nil {
		return nil, fmt.Errorf("compiling %s: %w", stdlib, err)
	}
	version := "python" + strings.TrimPrefix(path.Base(stdlib), "python")
	python, err := b.pythonFor(filepath.Join(root, "usr", "bin", version))
	if err != nil {
		return nil, fmt.Errorf("compiling %s: %w", stdlib, err)
	}
	dir := filepath.Join(root, filepath.FromSlash(stdlib))
	if _, err := run(b.ctx, "", python, "-I", "-S", "-B", "-c", compileStdlib, dir, "/"+stdlib); err != nil {
		return nil, fmt.Errorf("compiling %s: %w", stdlib, err)
	}
	var out []apkrepo.File
	err = filepath.WalkDir(dir, func(abs string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(abs, ".pyc") {
			return err
		}
		rel, err := filepath.Rel(root, abs)
		out = append(out, apkrepo.File{Path: filepath.ToSlash(rel), Mode: 0o644,
			Open: func() (io.ReadCloser, error) { return os.Open(abs) }})
		return err
	})
	if err == nil && len(out) < 100 {
		err = fmt.Errorf("only %d pycs written", len(out))
	}
	if err != nil {
		return nil, fmt.Errorf("compiling %s: %w", stdlib, err)
	}
	return out, nil
}

// pythonFor returns pkgPython if it runs here (native, or through
// binfmt), else the host's interpreter of the same name if it reports the
// same version.
func (b *builder) pythonFor(pkgPython string) (string, error) {
	const ask = "import sys, importlib.util; print(sys.version.split()[0], importlib.util.MAGIC_NUMBER.hex())"
	_, err := run(b.ctx, "", pkgPython, "-I", "-S", "-B", "-c", ask)
	if err == nil {
		return pkgPython, nil
	}
	host := filepath.Join("/usr/bin", filepath.Base(pkgPython))
	got, herr := run(b.ctx, "", host, "-I", "-S", "-B", "-c", ask)
	if herr != nil {
		return "", fmt.Errorf("cannot run the %s %s (%v) nor %s (%v): install Debian's %s", b.arch.deb, filepath.Base(pkgPython), err, host, herr, filepath.Base(pkgPython))
	}
	if v := b.debs[b.arch.debName(filepath.Base(pkgPython)+"-minimal")]; v == nil || !strings.HasPrefix(v.version, strings.Fields(got)[0]+"-") {
		return "", fmt.Errorf("%s is %s, not the version of the packaged interpreter", host, strings.TrimSpace(got))
	}
	return host, nil
}

// linkTree makes src's files under root: hard links to the unpacked
// debs where it can, copies where it cannot, and the symlinks.
func linkTree(root string, src []srcFile) error {
	for _, f := range src {
		dst := filepath.Join(root, filepath.FromSlash(f.path))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		switch {
		case f.link != "":
			if err := os.Symlink(f.link, dst); err != nil {
				return err
			}
		case os.Link(f.abs, dst) != nil:
			if err := copyFile(f.abs, dst); err != nil {
				return err
			}
		}
	}
	return nil
}
