package debwheels

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// zipEpoch is the time of every entry: the earliest a zip (MS-DOS) time can
// say, so that wheels do not depend on when they were built.
var zipEpoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// file is one entry of a wheel: its slash-separated name and where its bytes
// come from, a file on disk (src) or data.
type file struct {
	name string
	src  string
	data []byte
	exec bool // mode 0755 instead of 0644
}

// open returns the entry's content.
func (f file) open() (io.ReadCloser, error) {
	if f.src == "" {
		return io.NopCloser(bytes.NewReader(f.data)), nil
	}
	r, err := os.Open(f.src)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", f.name, err)
	}
	return r, nil
}

// writeWheel writes the wheel dst with files in the order given, then
// distInfo/RECORD listing the sha256 and size of each (RECORD itself with
// empty hash and size, as the spec says). Entries are Deflate-compressed
// with fixed times and modes, so equal inputs give equal bytes. Contents are
// streamed; dst is removed when writing fails.
func writeWheel(dst string, files []file, distInfo string) (err error) {
	out, err := os.Create(dst)
	if err != nil {
		return fmt.Errorf("creating wheel: %w", err)
	}
	defer func() {
		if err != nil {
			out.Close()
			os.Remove(dst)
		}
	}()
	zw := zip.NewWriter(out)
	var record bytes.Buffer
	rw := csv.NewWriter(&record)
	for _, f := range files {
		sum, size, err := add(zw, f)
		if err != nil {
			return fmt.Errorf("writing %s: %w", dst, err)
		}
		hash := "sha256=" + base64.RawURLEncoding.EncodeToString(sum)
		if err := rw.Write([]string{f.name, hash, strconv.FormatInt(size, 10)}); err != nil {
			return fmt.Errorf("writing RECORD of %s: %w", dst, err)
		}
	}
	recordName := distInfo + "/RECORD"
	if err := rw.Write([]string{recordName, "", ""}); err != nil {
		return fmt.Errorf("writing RECORD of %s: %w", dst, err)
	}
	rw.Flush()
	if err := rw.Error(); err != nil {
		return fmt.Errorf("writing RECORD of %s: %w", dst, err)
	}
	if _, _, err := add(zw, file{name: recordName, data: record.Bytes()}); err != nil {
		return fmt.Errorf("writing %s: %w", dst, err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", dst, err)
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", dst, err)
	}
	return nil
}

// add writes one entry and returns the sha256 and size of its content.
func add(zw *zip.Writer, f file) (sum []byte, size int64, err error) {
	if f.name == "" || strings.HasPrefix(f.name, "/") || strings.Contains("/"+f.name+"/", "/../") {
		return nil, 0, errors.New("bad entry name " + strconv.Quote(f.name))
	}
	h := &zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: zipEpoch}
	h.SetMode(0o644)
	if f.exec {
		h.SetMode(0o755)
	}
	w, err := zw.CreateHeader(h)
	if err != nil {
		return nil, 0, err
	}
	r, err := f.open()
	if err != nil {
		return nil, 0, err
	}
	defer r.Close()
	d := sha256.New()
	size, err = io.Copy(io.MultiWriter(w, d), r)
	if err != nil {
		return nil, 0, fmt.Errorf("copying %s: %w", f.name, err)
	}
	return d.Sum(nil), size, nil
}
