package wheels

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Wheel describes a wheel to write.
type Wheel struct {
	// Name and Version are required. Name is written to METADATA as given
	// and escaped (PEP 503-normalized, "-" as "_") in file names.
	Name, Version string
	// Build is the optional build tag ("1", "2foo").
	Build string
	// Tags is the compatibility tag triple; dotted sets are allowed
	// ("py2.py3-none-any"). Default "py3-none-any".
	Tags string
	// Files are the wheel's root entries ("flask/__init__.py"), installed
	// into purelib or platlib. A path under the .dist-info directory adds a
	// file there (a LICENSE, top_level.txt).
	Files []File
	// Data are entries under {name}-{version}.data/, by path relative to it:
	// "scripts/hello", "headers/x.h", "data/share/doc/x", "purelib/y.py".
	Data []File
	// Metadata are extra METADATA lines after Name and Version:
	// "Requires-Dist: click>=8", "Requires-Python: >=3.8".
	Metadata []string
	// EntryPoints is the content of entry_points.txt; none when empty.
	EntryPoints string
	// Platlib writes "Root-Is-Purelib: false" (a wheel with compiled
	// code). Default false: the root is purelib, as for pure Python.
	Platlib bool

	// BadRecord makes RECORD lie: the line of the first regular file in
	// archive order (a payload file if there is one, else METADATA) gets
	// the hash of other bytes; its size stays right.
	BadRecord bool
	// AllowUnsafePaths writes the paths of Files and Data verbatim,
	// duplicates included: "../escape", "/etc/passwd", "a\\b". By default
	// such paths are an error, to catch mistakes in tests.
	AllowUnsafePaths bool
}

// File is one archive entry.
type File struct {
	Path    string
	Content []byte
	// Mode is the permission bits, plus fs.ModeSymlink for a symbolic link
	// whose target is Content. Zero means 0644.
	Mode fs.FileMode
}

// Filename is the wheel's file name, e.g. "flask-3.0.3-py3-none-any.whl".
func (w Wheel) Filename() string {
	parts := []string{escape(w.Name), escapeVersion(w.Version)}
	if w.Build != "" {
		parts = append(parts, w.Build)
	}
	return strings.Join(append(parts, w.tags()), "-") + ".whl"
}

// DistInfo is the name of the wheel's .dist-info directory,
// e.g. "flask-3.0.3.dist-info".
func (w Wheel) DistInfo() string {
	return escape(w.Name) + "-" + escapeVersion(w.Version) + ".dist-info"
}

// DataDir is the name of the wheel's .data directory, e.g.
// "flask-3.0.3.data".
func (w Wheel) DataDir() string {
	return escape(w.Name) + "-" + escapeVersion(w.Version) + ".data"
}

func (w Wheel) tags() string {
	if w.Tags == "" {
		return "py3-none-any"
	}
	return w.Tags
}

// Write writes w into dir as w.Filename() and returns the file's path and
// the hex SHA-256 of its bytes.
func Write(dir string, w Wheel) (path string, sha256Hex string, err error) {
	entries, err := w.entries()
	if err != nil {
		return "", "", fmt.Errorf("writing wheel %s: %w", w.Filename(), err)
	}
	return writeFile(filepath.Join(dir, w.Filename()), func(out io.Writer) error {
		return writeZip(out, entries)
	})
}

// writeFile creates path and streams write's output into it, hashing it.
func writeFile(path string, write func(io.Writer) error) (string, string, error) {
	f, err := os.Create(path)
	if err != nil {
		return "", "", err
	}
	h := sha256.New()
	if err := write(io.MultiWriter(f, h)); err != nil {
		f.Close()
		os.Remove(path)
		return "", "", fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return "", "", fmt.Errorf("writing %s: %w", path, err)
	}
	return path, hex.EncodeToString(h.Sum(nil)), nil
}
