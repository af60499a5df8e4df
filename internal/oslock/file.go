package oslock

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"github.com/pyko-dev/pyko/internal/atomicfile"
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

// Write writes l to path atomically (see atomicfile), mode 0644.
func Write(path string, l *Lock) error {
	l.normalize()
	body, err := toml.Marshal(l)
	if err != nil {
		return fmt.Errorf("encoding %s: %w", path, err)
	}
	if err := atomicfile.WriteFile(path, append([]byte(header), body...), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
