package oslock

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

const header = `# pyko.lock: the OS packages of this project's image, written by "pyko lock".
# Commit it. Do not edit it: run "pyko lock --upgrade" to move to newer packages.
`

// Read reads the lockfile at path. A missing file gives an error that
// matches fs.ErrNotExist.
func Read(path string) (*Lock, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var l Lock
	dec := toml.NewDecoder(bytes.NewReader(b)).DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		var sm *toml.StrictMissingError
		if errors.As(err, &sm) && len(sm.Errors) > 0 {
			return nil, fmt.Errorf("parsing %s: unknown key %q (run pyko lock to rewrite it)", path, strings.Join(sm.Errors[0].Key(), "."))
		}
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, col := de.Position()
			return nil, fmt.Errorf("parsing %s line %d column %d: %w (run pyko lock to rewrite it)", path, row, col, err)
		}
		return nil, fmt.Errorf("parsing %s: %w (run pyko lock to rewrite it)", path, err)
	}
	if l.Version != FormatVersion {
		return nil, fmt.Errorf("%s has format version %d; this pyko reads version %d: run pyko lock to rewrite it", path, l.Version, FormatVersion)
	}
	for i, p := range l.Packages {
		if p.Arch == "" || p.Name == "" || p.Version == "" || p.Repository == "" || p.Checksum == "" {
			return nil, fmt.Errorf("%s: package %d (%s) lacks arch, name, version, repository or checksum: run pyko lock to rewrite it", path, i+1, p.Name)
		}
	}
	return &l, nil
}

// Write writes l to path atomically: a temporary file beside it, renamed.
func Write(path string, l *Lock) error {
	l.normalize()
	body, err := toml.Marshal(l)
	if err != nil {
		return fmt.Errorf("encoding %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".pyko.lock-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	_, werr := tmp.Write(append([]byte(header), body...))
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), 0o644)
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %w", path, werr)
	}
	return nil
}

// Exists reports whether a lockfile is at path.
func Exists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, fs.ErrNotExist)
}
