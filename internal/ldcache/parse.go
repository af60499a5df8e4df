package ldcache

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// maxCacheSize bounds what Parse reads. Real caches are a few hundred
// kilobytes; this is a guard against being handed something else.
const maxCacheSize = 64 << 20

// Parse reads a new-format cache and returns its entries in file order.
// It checks every offset against the file, so a damaged or hostile file
// gives an error, never a panic or a huge allocation.
func Parse(r io.Reader) ([]Entry, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxCacheSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading ld.so.cache: %w", err)
	}
	if len(data) > maxCacheSize {
		return nil, fmt.Errorf("reading ld.so.cache: larger than %d bytes", maxCacheSize)
	}
	if len(data) < headerSize || string(data[:len(magic)+len(version)]) != magic+version {
		return nil, errors.New("reading ld.so.cache: no \"glibc-ld.so.cache1.1\" header (the old libc5 format is not supported)")
	}
	le := binary.LittleEndian
	nlibs := uint64(le.Uint32(data[20:]))
	if f := data[28] & 3; f != 0 && f != endianLittle {
		return nil, fmt.Errorf("reading ld.so.cache: byte-order flag %d, want little-endian (%d)", f, endianLittle)
	}
	if headerSize+nlibs*entrySize > uint64(len(data)) {
		return nil, fmt.Errorf("reading ld.so.cache: %d entries do not fit in %d bytes", nlibs, len(data))
	}
	entries := make([]Entry, 0, nlibs)
	for i := range nlibs {
		p := data[headerSize+i*entrySize:]
		key, err := cString(data, le.Uint32(p[4:]))
		if err != nil {
			return nil, fmt.Errorf("reading ld.so.cache entry %d key: %w", i, err)
		}
		value, err := cString(data, le.Uint32(p[8:]))
		if err != nil {
			return nil, fmt.Errorf("reading ld.so.cache entry %d path: %w", i, err)
		}
		entries = append(entries, Entry{
			Key:   key,
			Path:  value,
			Flags: int32(le.Uint32(p)),
			HWCap: le.Uint64(p[16:]),
		})
	}
	return entries, nil
}

// cString returns the NUL-terminated string at off.
func cString(data []byte, off uint32) (string, error) {
	if uint64(off) >= uint64(len(data)) {
		return "", fmt.Errorf("string offset %d is past the end (%d bytes)", off, len(data))
	}
	n := bytes.IndexByte(data[off:], 0)
	if n < 0 {
		return "", fmt.Errorf("string at offset %d has no NUL terminator", off)
	}
	return string(data[off : int(off)+n]), nil
}
