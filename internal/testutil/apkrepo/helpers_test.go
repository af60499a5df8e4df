package apkrepo

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"sync"
	"testing"
)

var (
	keyOnce sync.Once
	keyVal  *Key
)

// testKey is one key shared by the tests of this package (generating RSA
// keys is slow).
func testKey(t testing.TB) *Key {
	t.Helper()
	keyOnce.Do(func() {
		k, err := NewKey("pyko-test.rsa.pub")
		if err != nil {
			t.Fatal(err)
		}
		keyVal = k
	})
	return keyVal
}

// members splits b into its gzip members, returning each one's raw bytes.
func members(t testing.TB, b []byte) [][]byte {
	t.Helper()
	var out [][]byte
	br := bytes.NewReader(b) // an io.ByteReader: gzip does not read ahead
	for br.Len() > 0 {
		start := len(b) - br.Len()
		zr, err := gzip.NewReader(br)
		if err != nil {
			t.Fatalf("gzip member %d: %v", len(out)+1, err)
		}
		zr.Multistream(false)
		if _, err := io.Copy(io.Discard, zr); err != nil {
			t.Fatalf("gzip member %d: %v", len(out)+1, err)
		}
		out = append(out, b[start:len(b)-br.Len()])
	}
	return out
}

// gunzip returns the decompressed bytes of one member.
func gunzip(t testing.TB, member []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(member))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type entry struct {
	hdr  *tar.Header
	body []byte
}

// entries lists the tar entries of one member; a cut tar simply ends.
func entries(t testing.TB, member []byte) []entry {
	t.Helper()
	var out []entry
	tr := tar.NewReader(bytes.NewReader(gunzip(t, member)))
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, entry{hdr, body})
	}
}

// isCut reports whether a decompressed tar has no end-of-archive blocks:
// its last 512-byte block is not all zeros.
func isCut(tarBytes []byte) bool {
	if len(tarBytes)%512 != 0 || len(tarBytes) < 512 {
		return false
	}
	last := tarBytes[len(tarBytes)-512:]
	return !bytes.Equal(last, make([]byte, 512))
}
