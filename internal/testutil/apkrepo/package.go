package apkrepo

import (
	"bytes"
	"crypto/sha1" //nolint:gosec // the C: checksum is SHA-1 by definition
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/pyko-dev/pyko/internal/apk"
)

// Package is a package to write: its metadata, its files and its scripts.
type Package struct {
	// Info is written to .PKGINFO. Name and Version are required; Checksum,
	// Size and DataHash are computed; InstalledSize is computed when zero.
	Info  apk.Package
	Files []File
	// Scripts maps control file names (".pre-install", ".post-install",
	// ".trigger", ...) to their content. They are written into the control
	// tar, as melange does; pyko never runs them.
	Scripts map[string]string
	// Options apply to this package only, after those of the call, e.g. a
	// single tampered package in an otherwise good repository.
	Options []Option
}

// File is one entry of a package's data tar.
type File struct {
	// Path is relative to the root ("usr/bin/python3.11"); a leading "/" is
	// dropped. Parent directories are added when missing.
	Path string
	// Mode holds the type (0, fs.ModeDir or fs.ModeSymlink) and the
	// permission, setuid, setgid and sticky bits. Zero permissions default to
	// 0644 for files, 0755 for directories and 0777 for symlinks.
	Mode fs.FileMode
	// Link is the target of a symlink; on a regular file it makes the entry
	// a hard link to the package path Link.
	Link string
	// Content is the file's content; Open replaces it for large files and is
	// called twice (once to checksum, once to copy), so the content is
	// streamed, never held in memory.
	Content  []byte
	Open     func() (io.ReadCloser, error)
	UID, GID int
}

// open returns the file's content.
func (f *File) open() (io.ReadCloser, error) {
	if f.Open != nil {
		return f.Open()
	}
	return io.NopCloser(bytes.NewReader(f.Content)), nil
}

// WritePackage writes p as an .apk to w, signed with key (which may be nil
// with [Unsigned]), and returns its index entry: p.Info completed with the
// checksum (C:), file size (S:), installed size (I:) and datahash. The output
// depends only on its inputs: mtimes are p.Info.BuildTime, owners are the
// files' UID and GID, entries are sorted.
func WritePackage(w io.Writer, p Package, key *Key, opts ...Option) (apk.Package, error) {
	cfg := newConfig(append(opts, p.Options...))
	info := p.Info
	if info.Name == "" || info.Version == "" {
		return apk.Package{}, fmt.Errorf("writing package %q-%q: name and version are required", info.Name, info.Version)
	}
	if key == nil && !cfg.unsigned {
		return apk.Package{}, fmt.Errorf("writing package %s: no signing key (pass one, or use Unsigned)", info.ID())
	}
	entries, err := prepare(p.Files, cfg.unsafePaths)
	if err != nil {
		return apk.Package{}, fmt.Errorf("writing package %s: %w", info.ID(), err)
	}

	// The data member comes last in the file but is needed first, for the
	// datahash; it goes to a temporary file so it is never held in memory.
	data, err := os.CreateTemp("", "apkrepo-data-*")
	if err != nil {
		return apk.Package{}, fmt.Errorf("writing package %s: %w", info.ID(), err)
	}
	defer os.Remove(data.Name())
	defer data.Close()
	dataHash, installed, err := writeDataMember(data, entries, info.BuildTime, cfg)
	if err != nil {
		return apk.Package{}, fmt.Errorf("writing data of package %s: %w", info.ID(), err)
	}
	info.DataHash = hex.EncodeToString(dataHash)
	if info.InstalledSize == 0 {
		info.InstalledSize = installed
	}

	control, err := controlMember(&info, p.Scripts)
	if err != nil {
		return apk.Package{}, fmt.Errorf("writing control of package %s: %w", info.ID(), err)
	}
	sum := sha1.Sum(control) //nolint:gosec
	info.Checksum = "Q1" + base64.StdEncoding.EncodeToString(sum[:])

	cw := &countingWriter{w: w}
	if !cfg.unsigned {
		sig, err := signatureMember(key, control, cfg.sha1Sig, info.BuildTime)
		if err != nil {
			return apk.Package{}, fmt.Errorf("signing package %s: %w", info.ID(), err)
		}
		if _, err := cw.Write(sig); err != nil {
			return apk.Package{}, fmt.Errorf("writing package %s: %w", info.ID(), err)
		}
	}
	if _, err := cw.Write(control); err != nil {
		return apk.Package{}, fmt.Errorf("writing package %s: %w", info.ID(), err)
	}
	if _, err := data.Seek(0, io.SeekStart); err != nil {
		return apk.Package{}, fmt.Errorf("writing package %s: %w", info.ID(), err)
	}
	if _, err := io.Copy(cw, data); err != nil {
		return apk.Package{}, fmt.Errorf("writing package %s: %w", info.ID(), err)
	}
	info.Size = cw.n
	return info, nil
}

// hashWriter is the SHA-256 of everything written through it.
func hashWriter(w io.Writer) (io.Writer, func() []byte) {
	h := sha256.New()
	return io.MultiWriter(w, h), func() []byte { return h.Sum(nil) }
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}
