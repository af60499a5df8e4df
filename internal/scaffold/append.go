package scaffold

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/pelletier/go-toml/v2"

	"github.com/pyko-dev/pyko/internal/atomicfile"
	"github.com/pyko-dev/pyko/internal/project"
)

// ErrConfigExists is returned by Append when pyproject.toml already has a
// [tool.pyko] table: pyko init never rewrites what the user wrote.
var ErrConfigExists = errors.New("already has a [tool.pyko] table")

// Append adds section to the pyproject.toml in dir and returns its path.
// The bytes already there are kept exactly; a missing newline at their end
// is added first, and a file with CRLF line ends gets CRLF. Without a
// pyproject.toml, one holding only the section is created: a [project]
// table would make pyko build the project as a package, which needs a
// [build-system]. The result is checked to load (project.Load, then
// Project.Config) before it replaces the file, atomically.
func Append(ctx context.Context, dir string, section []byte) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	path := filepath.Join(dir, project.PyprojectFile)
	old, mode, err := readExisting(path)
	if err != nil {
		return "", err
	}
	data, err := appended(path, old, section)
	if err != nil {
		return "", err
	}
	if err := check(ctx, path, data); err != nil {
		return "", err
	}
	if err := atomicfile.WriteFile(path, data, mode); err != nil {
		return "", fmt.Errorf("writing %s: %w", path, err)
	}
	return path, nil
}

// readExisting returns pyproject.toml's bytes and mode; nil and 0644 when
// it does not exist.
func readExisting(path string) ([]byte, fs.FileMode, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0o644, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("reading %s: %w", path, err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, 0, fmt.Errorf("reading %s: %w", path, err)
	}
	return data, fi.Mode().Perm(), nil
}

// appended is old with section after it, a blank line between them.
func appended(path string, old, section []byte) ([]byte, error) {
	var doc map[string]any
	if err := toml.Unmarshal(old, &doc); err != nil {
		return nil, fmt.Errorf("parsing %s: %w", path, err)
	}
	if tool, ok := doc["tool"].(map[string]any); ok && tool["pyko"] != nil {
		return nil, fmt.Errorf("%s %w: pyko init leaves it alone (pyko init --print shows what it would write)", path, ErrConfigExists)
	}
	nl := []byte("\n")
	if bytes.Contains(old, []byte("\r\n")) {
		nl = []byte("\r\n")
		section = bytes.ReplaceAll(section, []byte("\n"), nl)
	}
	out := bytes.Clone(old)
	if len(out) > 0 {
		if !bytes.HasSuffix(out, []byte("\n")) {
			out = append(out, nl...)
		}
		out = append(out, nl...)
	}
	return append(out, section...), nil
}

// check loads data as pyproject.toml would be loaded by pyko build, in a
// scratch directory, so that a file pyko would refuse is never written.
func check(ctx context.Context, path string, data []byte) error {
	tmp, err := os.MkdirTemp("", "pyko-init-")
	if err != nil {
		return fmt.Errorf("checking the new %s: %w", path, err)
	}
	defer os.RemoveAll(tmp)
	if err := os.WriteFile(filepath.Join(tmp, project.PyprojectFile), data, 0o600); err != nil {
		return fmt.Errorf("checking the new %s: %w", path, err)
	}
	p, err := project.Load(ctx, tmp)
	if err == nil {
		_, err = p.Config()
	}
	if err != nil {
		return fmt.Errorf("the [tool.pyko] section pyko init would add to %s does not load (%w): print it with --print and add it by hand", path, err)
	}
	return nil
}
