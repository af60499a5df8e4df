package srcbuild

import (
	"archive/zip"
	"bytes"
	"debug/elf"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strings"
)

// Libraries are what the shared objects of a wheel declare.
type Libraries struct {
	// Needed are the DT_NEEDED names of every shared object, sorted.
	Needed []string
	// Own are the names the wheel itself provides: its objects' DT_SONAME
	// and file names (a vendored libfoo.so.1 satisfies libfoo.so.1).
	Own []string
}

// Missing are the needed names that neither the wheel nor have provides.
func (l Libraries) Missing(have func(soname string) bool) []string {
	var out []string
	for _, n := range l.Needed {
		if !slices.Contains(l.Own, n) && !have(n) {
			out = append(out, n)
		}
	}
	return out
}

// ReadLibraries reads the dynamic sections of the ELF shared objects in
// the wheel at file: a built extension module that links libpq needs
// libpq.so.5 in the image, or it fails at import.
func ReadLibraries(file string) (Libraries, error) {
	zr, err := zip.OpenReader(file)
	if err != nil {
		return Libraries{}, err
	}
	defer zr.Close()
	var l Libraries
	for _, f := range zr.File {
		base := path.Base(f.Name)
		if !strings.HasSuffix(base, ".so") && !strings.Contains(base, ".so.") {
			continue
		}
		needed, soname, err := readELF(f)
		if err != nil {
			return Libraries{}, fmt.Errorf("%s in %s: %w", f.Name, path.Base(file), err)
		}
		l.Needed = append(l.Needed, needed...)
		l.Own = append(l.Own, base)
		if soname != "" {
			l.Own = append(l.Own, soname)
		}
	}
	slices.Sort(l.Needed)
	slices.Sort(l.Own)
	l.Needed, l.Own = slices.Compact(l.Needed), slices.Compact(l.Own)
	return l, nil
}

func readELF(f *zip.File) (needed []string, soname string, err error) {
	rc, err := f.Open()
	if err != nil {
		return nil, "", err
	}
	defer rc.Close()
	ra, done, err := readerAt(rc, f.UncompressedSize64)
	if err != nil {
		return nil, "", err
	}
	defer done()
	magic := make([]byte, 4)
	if _, err := ra.ReadAt(magic, 0); err != nil || !bytes.Equal(magic, []byte(elf.ELFMAG)) {
		return nil, "", nil // named like a library but not ELF: nothing to load
	}
	ef, err := elf.NewFile(ra)
	if err != nil {
		return nil, "", err
	}
	if ef.Section(".dynamic") == nil {
		return nil, "", nil
	}
	if needed, err = ef.DynString(elf.DT_NEEDED); err != nil {
		return nil, "", err
	}
	names, err := ef.DynString(elf.DT_SONAME)
	if err != nil {
		return nil, "", err
	}
	if len(names) > 0 {
		soname = names[0]
	}
	return needed, soname, nil
}

// inMemory is the largest object read into memory; a larger one is
// spooled to a temporary file, so memory stays flat in the wheel's size.
const inMemory = 32 << 20

// readerAt gives random access to a zip member, which debug/elf needs.
func readerAt(r io.Reader, size uint64) (io.ReaderAt, func(), error) {
	if size <= inMemory {
		data, err := io.ReadAll(io.LimitReader(r, inMemory+1))
		return bytes.NewReader(data), func() {}, err
	}
	f, err := os.CreateTemp("", "pyko-elf-")
	if err != nil {
		return nil, nil, err
	}
	done := func() { f.Close(); os.Remove(f.Name()) }
	if _, err := io.Copy(f, r); err != nil {
		done()
		return nil, nil, err
	}
	return f, done, nil
}
