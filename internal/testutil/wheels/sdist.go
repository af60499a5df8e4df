package wheels

import (
	"archive/tar"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"sort"
)

// Sdist describes a source distribution to write.
type Sdist struct {
	// Name and Version are required.
	Name, Version string
	// Files are the project's files, relative to the sdist's top directory
	// ("src/foo/__init__.py"). PKG-INFO and pyproject.toml are added unless
	// given.
	Files []File
	// Metadata are extra PKG-INFO lines, as for Wheel.
	Metadata []string
}

// Filename is the sdist's file name, e.g. "flask-3.0.3.tar.gz".
func (s Sdist) Filename() string { return s.stem() + ".tar.gz" }

func (s Sdist) stem() string { return escape(s.Name) + "-" + escapeVersion(s.Version) }

// WriteSdist writes s into dir as s.Filename(), a deterministic tar.gz
// (sorted entries, fixed times and owners, no gzip name or time), and
// returns its path and hex SHA-256.
func WriteSdist(dir string, s Sdist) (path string, sha256Hex string, err error) {
	if s.Name == "" || s.Version == "" {
		return "", "", errors.New("writing sdist: an sdist needs a Name and a Version")
	}
	files := map[string]File{}
	for _, f := range s.Files {
		if err := checkPath(f.Path); err != nil {
			return "", "", fmt.Errorf("writing sdist %s: %w", s.Filename(), err)
		}
		files[f.Path] = f
	}
	if _, ok := files["PKG-INFO"]; !ok {
		meta := Wheel{Name: s.Name, Version: s.Version, Metadata: s.Metadata}.metadata()
		files["PKG-INFO"] = File{Path: "PKG-INFO", Content: meta}
	}
	if _, ok := files["pyproject.toml"]; !ok {
		pp := fmt.Sprintf("[build-system]\nrequires = [\"setuptools\"]\nbuild-backend = \"setuptools.build_meta\"\n\n[project]\nname = %q\nversion = %q\n", s.Name, s.Version)
		files["pyproject.toml"] = File{Path: "pyproject.toml", Content: []byte(pp)}
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return writeFile(filepath.Join(dir, s.Filename()), func(out io.Writer) error {
		gz := gzip.NewWriter(out) // no Name, zero ModTime: nothing of the host
		tw := tar.NewWriter(gz)
		for _, n := range names {
			f := files[n]
			hdr := &tar.Header{
				Name: s.stem() + "/" + n, Mode: int64(fileMode(f.Mode).Perm()), ModTime: epoch,
				Typeflag: tar.TypeReg, Size: int64(len(f.Content)), Format: tar.FormatPAX,
			}
			if f.Mode&fs.ModeSymlink != 0 {
				hdr.Typeflag, hdr.Linkname, hdr.Size = tar.TypeSymlink, string(f.Content), 0
			}
			if err := tw.WriteHeader(hdr); err != nil {
				return err
			}
			if hdr.Typeflag == tar.TypeReg {
				if _, err := tw.Write(f.Content); err != nil {
					return err
				}
			}
		}
		if err := tw.Close(); err != nil {
			return err
		}
		return gz.Close()
	})
}
