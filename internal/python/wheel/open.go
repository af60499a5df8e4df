package wheel

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"os"
	"sync"

	"github.com/klauspost/compress/flate"
)

// source re-reads members from the wheel file. Each Open opens the file
// anew and seeks to the member's data, so entries need no shared state, no
// Close on the installation, and no more memory than a decompressor's
// window, whatever the member's size.
type source struct {
	path  string // the wheel file
	wheel string // its name, for errors
}

// open returns m's content, verified while it streams against want and
// m's size (and the zip's CRC-32 for good measure); a zero want, for
// RECORD, checks only the last two.
//
// The check is made by the Read that would deliver the member's last
// bytes, and on a mismatch that Read returns none of them and the error.
// So a copy of exactly m.size bytes (io.CopyN, as the layer writer does,
// which drops errors once n bytes are copied) comes up short and fails:
// an unverified file is never complete.
func (s source) open(m *member, want digest) (io.ReadCloser, error) {
	f, err := os.Open(s.path)
	if err != nil {
		return nil, fmt.Errorf("opening wheel %s: %w", s.wheel, err)
	}
	var r io.Reader = io.NewSectionReader(f, m.offset, m.csize)
	closeAll := f.Close
	if m.method == zip.Deflate {
		in := getInflater(r)
		r = in.fr
		done := false
		closeAll = func() error {
			if !done {
				done = true
				in.release()
			}
			return f.Close()
		}
	}
	v := &verifier{r: r, close: closeAll, m: m, want: want, crc: crc32.NewIEEE(), wheel: s.wheel}
	if want.algo != "" {
		v.h = want.new()
	}
	return v, nil
}

// inflaters are deflate readers with their input buffers, for reuse: a
// reader's window is 32 KB, which each member read would otherwise
// allocate and clear anew (archive/zip pools its own so). A pool holds
// no state a reader could see: each is reset before use.
var inflaters = sync.Pool{New: func() any { return &inflater{br: bufio.NewReaderSize(nil, 16<<10)} }}

type inflater struct {
	br *bufio.Reader
	fr io.ReadCloser
}

// getInflater is a pooled deflate reader of r; release it once done.
func getInflater(r io.Reader) *inflater {
	in := inflaters.Get().(*inflater)
	in.br.Reset(r)
	if in.fr == nil {
		in.fr = flate.NewReader(in.br)
	} else if err := in.fr.(flate.Resetter).Reset(in.br, nil); err != nil {
		in.fr = flate.NewReader(in.br)
	}
	return in
}

func (in *inflater) release() {
	in.fr.Close()
	in.br.Reset(nil)
	inflaters.Put(in)
}

type verifier struct {
	r     io.Reader
	close func() error
	m     *member
	want  digest
	h     hash.Hash
	crc   hash.Hash32
	n     int64
	err   error // sticky: io.EOF once verified, or the failure
	wheel string
}

func (v *verifier) Read(p []byte) (int, error) {
	if v.err != nil {
		return 0, v.err
	}
	if rest := v.m.size - v.n; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := 0, error(nil)
	if len(p) > 0 {
		n, err = v.r.Read(p)
		if v.h != nil {
			v.h.Write(p[:n])
		}
		v.crc.Write(p[:n])
		v.n += int64(n)
	}
	switch {
	case v.n == v.m.size:
		if v.err = v.finish(); v.err != io.EOF || n == 0 {
			return 0, v.err // the last bytes are withheld
		}
		return n, nil
	case err == io.EOF:
		v.err = v.mismatch(sizeString(v.m.size), sizeString(v.n))
		return 0, v.err
	case err != nil:
		v.err = fmt.Errorf("reading %q from wheel %s: %w", v.m.name, v.wheel, err)
		return 0, v.err
	}
	return n, nil
}

// finish checks the member once its last byte is read: nothing follows,
// the CRC-32 and the RECORD hash match.
func (v *verifier) finish() error {
	var one [1]byte
	if n, _ := io.ReadFull(v.r, one[:]); n > 0 {
		return v.mismatch(sizeString(v.m.size), "more bytes")
	}
	if v.crc.Sum32() != v.m.crc {
		return v.mismatch(fmt.Sprintf("crc32 %08x", v.m.crc), fmt.Sprintf("crc32 %08x", v.crc.Sum32()))
	}
	if v.h == nil {
		return io.EOF
	}
	if got := v.h.Sum(nil); !bytes.Equal(got, v.want.sum) {
		return v.mismatch(v.want.String(), formatHash(v.want.algo, got))
	}
	return io.EOF
}

func (v *verifier) mismatch(want, got string) error {
	return &HashMismatchError{Wheel: v.wheel, Path: v.m.name, Want: want, Got: got}
}

// Close closes the member; a Read after it fails rather than reach the
// deflate reader, which is another member's once back in its pool.
func (v *verifier) Close() error {
	if v.err == nil || v.err == io.EOF {
		v.err = fmt.Errorf("reading %q from wheel %s: %w", v.m.name, v.wheel, os.ErrClosed)
	}
	return v.close()
}

// readVerified reads a whole small member, such as WHEEL or METADATA, and
// verifies it before any byte of it is parsed.
func (s source) readVerified(m *member, want digest, limit int64) ([]byte, error) {
	if m.size > limit {
		return nil, invalid(s.wheel, m.name, "is %d bytes; more than the %d a metadata file may have", m.size, limit)
	}
	rc, err := s.open(m, want)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// readUnverified reads RECORD, the one member without a hash to check;
// the zip's CRC-32 and size still are.
func (s source) readUnverified(m *member) ([]byte, error) {
	rc, err := s.open(m, digest{})
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// bytesOpener serves content pyko generates (launchers, RECORD, INSTALLER).
func bytesOpener(b []byte) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
}

func sizeString(n int64) string { return fmt.Sprintf("%d bytes", n) }
