package bytecode

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/pyko-dev/pyko/internal/dirtree"
	"github.com/pyko-dev/pyko/internal/layer"
)

// WriteRoot writes the compiler's root file system into dir from the
// files of its interpreter's packages: slim (see Root), else whole when
// the interpreter does not load in the slim one. The pure Python
// modules of the standard library go into the zip that CPython's module
// search path names before their directory ({prefix}/lib/python311.zip),
// not into a thousand files: creating files is the costly part of
// writing a root on many disks. The interpreter, the modules and so the
// pycs are the same; only where a module is read from differs. The pycs
// of the tag go where zipimport looks for them, beside their sources;
// other pycs are left out. r names its interpreter and stdlib: an
// AnyPython root is written from a tar (WriteRootTar).
func WriteRoot(ctx context.Context, dir string, entries []layer.Entry, r Root, opts ...dirtree.Option) error {
	var slim []layer.Entry
	for _, e := range entries {
		if r.keeps(e.Path, kindOf(e.Mode)) {
			slim = append(slim, e)
		}
	}
	return r.slimElseWhole(ctx, dir, func(slimOnly bool) error {
		if slimOnly {
			return r.write(ctx, dir, slim, opts)
		}
		return r.write(ctx, dir, entries, opts)
	})
}

// slimElseWhole writes the root with write, slim, and checks that the
// interpreter loads in it; else it writes it again whole. AnyPython's
// root is not checked: its interpreter is not known.
func (r Root) slimElseWhole(ctx context.Context, dir string, write func(slim bool) error) error {
	err := write(true)
	if r.any() {
		return err
	}
	if err == nil {
		if err = Loadable(dir, r.Interpreter); err == nil {
			return nil
		}
		r.log().Info("the interpreter does not load in a slim root: writing every file", "interpreter", r.Interpreter, "error", err)
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err := emptyDir(dir); err != nil {
		return err
	}
	return write(false)
}

// kindOf is what keeps sees of a file of mode m.
func kindOf(m fs.FileMode) kind {
	switch {
	case m.IsDir():
		return directory
	case m&fs.ModeSymlink != 0:
		return symlink
	}
	return regular
}

// write writes entries into dir, the standard library's modules zipped.
func (r Root) write(ctx context.Context, dir string, entries []layer.Entry, opts []dirtree.Option) error {
	stdlib := strings.Trim(r.Stdlib, "/")
	zipName, ok := StdlibZip(stdlib)
	if !ok {
		return dirtree.Write(ctx, dir, entries, opts...)
	}
	var files, zipped []layer.Entry
	for _, e := range entries {
		name, ok := "", false
		if e.Mode.IsRegular() {
			name, ok = inZip(e.Path, stdlib, r.Tag)
		}
		switch {
		case !ok:
			files = append(files, e)
		case name != "":
			e.Path = name
			zipped = append(zipped, e)
		}
	}
	if err := dirtree.Write(ctx, dir, files, opts...); err != nil {
		return err
	}
	if len(zipped) == 0 {
		return nil
	}
	if err := writeZip(ctx, filepath.Join(dir, filepath.FromSlash(zipName)), zipped); err != nil {
		return fmt.Errorf("writing the standard library's zip: %w", err)
	}
	return nil
}

// emptyDir removes what dir holds, keeping dir.
func emptyDir(dir string) error {
	es, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range es {
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// StdlibZip is the zip CPython looks for beside a stdlib directory:
// usr/lib/python3.11 gives usr/lib/python311.zip.
func StdlibZip(stdlib string) (string, bool) {
	base := path.Base(stdlib)
	v, ok := strings.CutPrefix(base, "python3.")
	if !ok || stdlib == base || v == "" || strings.ContainsFunc(v, func(r rune) bool { return r < '0' || r > '9' }) {
		return "", false
	}
	return path.Join(path.Dir(stdlib), "python3"+v+".zip"), true
}

// inZip tells whether the regular file at p goes into the zip of the
// standard library in stdlib, and under what name there: "" for a pyc
// that is left out.
func inZip(p, stdlib, tag string) (string, bool) {
	rel, ok := strings.CutPrefix(p, stdlib+"/")
	if !ok || rel == "os.py" || strings.HasPrefix(rel, "lib-dynload/") || strings.HasPrefix(rel, "site-packages/") {
		return "", false
	}
	switch {
	case strings.HasSuffix(rel, ".py"):
		return rel, true
	case strings.HasSuffix(rel, ".pyc"):
		dir, file := path.Dir(rel), path.Base(rel)
		mod, ok := strings.CutSuffix(file, "."+tag+".pyc")
		if !ok || path.Base(dir) != "__pycache__" || strings.Contains(mod, ".") {
			return "", true
		}
		return path.Join(path.Dir(dir), mod+".pyc"), true
	}
	return "", false
}

// ZipImagePath is the image path of a name in the stdlib's zip: the
// inverse of the mapping WriteRoot applies, a module's pyc ("json/x.pyc")
// going back to its __pycache__ ("json/__pycache__/x.TAG.pyc").
func ZipImagePath(name, stdlib, tag string) string {
	stdlib = strings.Trim(stdlib, "/")
	if mod, ok := strings.CutSuffix(name, ".pyc"); ok {
		return path.Join(stdlib, path.Dir(mod), "__pycache__", path.Base(mod)+"."+tag+".pyc")
	}
	return path.Join(stdlib, name)
}

// zipEpoch is every zip entry's time: the zip is never read for times
// but the pyc check of timestamp pycs, which then recompile in memory.
var zipEpoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

func writeZip(ctx context.Context, name string, es []layer.Entry) error {
	return createZip(name, func(zw *zip.Writer) error {
		buf := make([]byte, 64<<10) // one copy buffer, not one per file
		for _, e := range es {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := addEntry(zw, e, buf); err != nil {
				return fmt.Errorf("%s: %w", e.Path, err)
			}
		}
		return nil
	})
}

// createZip makes a new zip at name and has fill write its entries.
func createZip(name string, fill func(*zip.Writer) error) (err error) {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	zw := zip.NewWriter(f)
	if err := fill(zw); err != nil {
		return err
	}
	return zw.Close()
}

// addEntry stores e's content through buf, checking its size.
func addEntry(zw *zip.Writer, e layer.Entry, buf []byte) error {
	r, err := e.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	n, err := addToZip(zw, e.Path, r, buf)
	if err == nil && n != e.Size {
		err = fmt.Errorf("read %d bytes, want %d", n, e.Size)
	}
	return err
}

// addToZip stores r, uncompressed (the interpreter reads it once, at
// start), under name, copied through buf; "" (a pyc of another tag) is
// read past.
func addToZip(zw *zip.Writer, name string, r io.Reader, buf []byte) (int64, error) {
	if name == "" {
		return 0, nil
	}
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store, Modified: zipEpoch})
	if err != nil {
		return 0, err
	}
	return io.CopyBuffer(w, r, buf)
}
