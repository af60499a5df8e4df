package apkrepo

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha1" //nolint:gosec // APK-TOOLS.checksum.SHA1 is SHA-1 by definition
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"time"
)

// checksumRecord is the PAX record apk-tools and melange put on every
// regular file and symlink of a data tar: the hex SHA-1 of the content (of
// the target, for a symlink).
const checksumRecord = "APK-TOOLS.checksum.SHA1"

// writeDataMember writes the data member to w and returns the SHA-256 of the
// bytes its datahash must cover, and the installed size.
func writeDataMember(w io.Writer, entries []File, mtime int64, cfg *config) ([]byte, int64, error) {
	for p := range cfg.declaredSize {
		if !slices.ContainsFunc(entries, func(e File) bool { return e.Path == p && e.Mode.IsRegular() && e.Link == "" }) {
			return nil, 0, fmt.Errorf("DeclareSize: %q is not a regular file of the package", p)
		}
	}
	if cfg.tamperData {
		hw, sum := hashWriter(io.Discard)
		if _, err := writeData(hw, entries, mtime, cfg.declaredSize, false); err != nil {
			return nil, 0, err
		}
		tw, tsum := hashWriter(w)
		n, err := writeData(tw, entries, mtime, cfg.declaredSize, true)
		if err == nil && bytes.Equal(sum(), tsum()) {
			err = errors.New("TamperData: the package has no non-empty file to tamper with")
		}
		return sum(), n, err
	}
	hw, sum := hashWriter(w)
	n, err := writeData(hw, entries, mtime, cfg.declaredSize, false)
	return sum(), n, err
}

// writeData writes one gzip member holding the complete data tar and
// returns the sum of the regular files' sizes.
func writeData(w io.Writer, entries []File, mtime int64, declared map[string]int64, tamper bool) (int64, error) {
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	var installed int64
	for i := range entries {
		e := &entries[i]
		hdr := header(e, mtime)
		switch {
		case e.Mode.IsDir():
			hdr.Typeflag = tar.TypeDir
		case e.Mode&fs.ModeSymlink != 0:
			hdr.Typeflag, hdr.Linkname = tar.TypeSymlink, e.Link
			sum := sha1.Sum([]byte(e.Link)) //nolint:gosec
			hdr.PAXRecords = map[string]string{checksumRecord: hex.EncodeToString(sum[:])}
		case isHardLink(*e):
			hdr.Typeflag, hdr.Linkname = tar.TypeLink, e.Link
		case e.Mode.IsRegular():
			sum, size, err := checksum(e)
			if err != nil {
				return 0, fmt.Errorf("reading %s: %w", e.Path, err)
			}
			hdr.Typeflag, hdr.Size = tar.TypeReg, size
			hdr.PAXRecords = map[string]string{checksumRecord: hex.EncodeToString(sum)}
			lie, truncate := declared[e.Path]
			if truncate {
				hdr.Size = lie
			}
			if err := tw.WriteHeader(hdr); err != nil {
				return 0, fmt.Errorf("writing tar header of %s: %w", e.Path, err)
			}
			if err := copyContent(tw, e, min(size, hdr.Size), tamper); err != nil {
				return 0, err
			}
			tamper = tamper && size == 0 // only the first non-empty file
			installed += size
			if truncate { // the archive ends inside this entry
				return installed, gz.Close()
			}
			continue
		default:
			return 0, fmt.Errorf("file %s: unsupported mode %v", e.Path, e.Mode)
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return 0, fmt.Errorf("writing tar header of %s: %w", e.Path, err)
		}
	}
	if err := tw.Close(); err != nil {
		return 0, fmt.Errorf("closing data tar: %w", err)
	}
	return installed, gz.Close()
}

// header is the tar header of e without type, size or link.
func header(e *File, mtime int64) *tar.Header {
	mode := int64(e.Mode.Perm())
	if e.Mode&fs.ModeSetuid != 0 {
		mode |= 0o4000
	}
	if e.Mode&fs.ModeSetgid != 0 {
		mode |= 0o2000
	}
	if e.Mode&fs.ModeSticky != 0 {
		mode |= 0o1000
	}
	h := &tar.Header{Name: e.Path, Mode: mode, Uid: e.UID, Gid: e.GID, ModTime: time.Unix(mtime, 0)}
	if e.UID == 0 {
		h.Uname = "root"
	}
	if e.GID == 0 {
		h.Gname = "root"
	}
	return h
}

// checksum reads the content once for its SHA-1 and size.
func checksum(e *File) ([]byte, int64, error) {
	r, err := e.open()
	if err != nil {
		return nil, 0, err
	}
	defer r.Close()
	h := sha1.New() //nolint:gosec
	n, err := io.Copy(h, r)
	return h.Sum(nil), n, err
}

// copyContent copies n bytes of e's content into tw, flipping the first byte
// when tamper is set.
func copyContent(tw io.Writer, e *File, n int64, tamper bool) error {
	r, err := e.open()
	if err != nil {
		return fmt.Errorf("reading %s: %w", e.Path, err)
	}
	defer r.Close()
	if tamper && n > 0 {
		var b [1]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return fmt.Errorf("reading %s: %w", e.Path, err)
		}
		b[0] ^= 0xff
		if _, err := tw.Write(b[:]); err != nil {
			return fmt.Errorf("writing %s: %w", e.Path, err)
		}
		n--
	}
	if _, err := io.CopyN(tw, r, n); err != nil {
		return fmt.Errorf("writing %s: %w", e.Path, err)
	}
	return nil
}
