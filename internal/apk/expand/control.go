package expand

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	// klauspost's inflate is faster than the standard library's, and
	// installing decompresses every data stream in turn.
	"github.com/klauspost/compress/gzip"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/apk/index"
	"github.com/pyko-dev/pyko/internal/apk/limit"
)

// tarEntry is one regular file of a small, in-memory tar.
type tarEntry struct {
	name string
	body []byte
}

// tarEntries lists the regular files of a tar held in memory (bounded by
// the control guard). A cut tar, without end-of-archive blocks, ends
// cleanly at the end of its data.
func tarEntries(b []byte, what string) ([]tarEntry, error) {
	tr := tar.NewReader(bytes.NewReader(b))
	var out []tarEntry
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading %s tar: %w", what, err)
		}
		if hdr.Typeflag != tar.TypeReg {
			continue
		}
		body, err := io.ReadAll(tr)
		if err != nil {
			return nil, fmt.Errorf("reading %s tar entry %s: %w", what, hdr.Name, err)
		}
		out = append(out, tarEntry{hdr.Name, body})
	}
}

// readPKGINFO parses the control tar's .PKGINFO. Install scripts and
// triggers are ignored: pyko never runs them.
func readPKGINFO(control []byte) (*apk.Package, error) {
	entries, err := tarEntries(control, "control stream")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.name == ".PKGINFO" {
			return index.ParsePKGINFO(bytes.NewReader(e.body))
		}
	}
	return nil, errors.New("control stream has no .PKGINFO")
}

// Data opens the decompressed data tar, read back from the spooled,
// verified data stream. Reading more than the package's expansion cap
// fails (with a *TooLargeError) before a byte over it is returned, so a
// gzip bomb costs its reader at most the cap.
func (p *Package) Data() (io.ReadCloser, error) {
	if p.dataFile == "" {
		return nil, fmt.Errorf("reading data of %s: the package is closed", p.name)
	}
	f, err := os.Open(p.dataFile)
	if err != nil {
		return nil, fmt.Errorf("reading data of %s: %w", p.name, err)
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("reading data of %s: %w", p.name, err)
	}
	tooLarge := &TooLargeError{Package: p.name, Declared: p.declared, Cap: p.expandCap}
	return &dataReader{Reader: limit.ReaderErr(zr, p.expandCap, tooLarge), zr: zr, f: f}, nil
}

// TooLargeError is a data tar that decompresses to more than its cap.
type TooLargeError struct {
	Package  string // the package file
	Declared int64  // its declared installed size
	Cap      int64  // what it may decompress to
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s decompresses to more than %d bytes, the cap for its declared installed size of %d bytes "+
		"(2 × size + 16 MiB, or the data guard if lower): refusing it as a gzip bomb or a broken package; its publisher must fix it",
		e.Package, e.Cap, e.Declared)
}

type dataReader struct {
	io.Reader
	zr *gzip.Reader
	f  *os.File
}

func (d *dataReader) Close() error {
	return errors.Join(d.zr.Close(), d.f.Close())
}
