package poetry

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep503"
)

// Parse reads the poetry.lock at lockPath and the project's requirements
// from pyprojectPath: poetry.lock pins packages but does not record which
// of them the project itself needs.
func Parse(lockPath, pyprojectPath string) (*File, error) {
	data, err := os.ReadFile(lockPath)
	if err != nil {
		return nil, fmt.Errorf("reading poetry.lock: %w", err)
	}
	pyproject, err := os.ReadFile(pyprojectPath)
	if err != nil {
		return nil, fmt.Errorf("reading pyproject.toml for %s: %w", lockPath, err)
	}
	return parse(lockPath, data, pyprojectPath, pyproject)
}

// Open is Parse as a lock.OpenFunc: in.Pyproject, the project's
// pyproject.toml, is required.
func Open(_ context.Context, in lock.Input) (lock.Lockfile, error) {
	if in.Pyproject == "" {
		return nil, fmt.Errorf("reading %s: poetry.lock needs the project's pyproject.toml", in.Path)
	}
	f, err := Parse(in.Path, in.Pyproject)
	if err != nil {
		return nil, err
	}
	return f, nil
}

func parse(path string, data []byte, pyprojectPath string, pyproject []byte) (*File, error) {
	var w lockWire
	if err := decode(path, data, &w); err != nil {
		return nil, err
	}
	if err := checkVersion(path, w.Metadata.LockVersion); err != nil {
		return nil, err
	}
	f := &File{path: path, dir: filepath.Dir(path), byName: map[string][]*pkg{}, extras: map[string][]string{}}
	var err error
	f.pyText = w.Metadata.PythonVersions
	if f.python, err = parseConstraint(w.Metadata.PythonVersions); err != nil {
		return nil, fmt.Errorf("parsing %s [metadata] python-versions: %w", path, err)
	}
	for x, names := range w.Extras {
		f.extras[pep503.Normalize(x)] = names
	}
	if err := f.addPackages(w); err != nil {
		return nil, err
	}
	if f.project, f.indexes, err = readProject(pyprojectPath, pyproject); err != nil {
		return nil, err
	}
	return f, nil
}

func decode(path string, data []byte, v any) error {
	err := toml.Unmarshal(data, v)
	var derr *toml.DecodeError
	if errors.As(err, &derr) {
		row, _ := derr.Position()
		return fmt.Errorf("parsing %s line %d: %w", path, row, err)
	}
	if err != nil {
		return fmt.Errorf("parsing %s: %w", path, err)
	}
	return nil
}

// checkVersion accepts lock-version 1.x and 2.x: Poetry bumps the minor
// version for additions older readers may ignore, the major for changes
// they may not.
func checkVersion(path, v string) error {
	major, _, _ := strings.Cut(v, ".")
	switch major {
	case "1", "2":
		return nil
	case "":
		return fmt.Errorf("reading %s: no [metadata] lock-version: this poetry.lock is too old or not Poetry's; re-lock with `poetry lock`", path)
	}
	return fmt.Errorf("reading %s: poetry.lock lock-version %s is newer than this pyko reads (1.x and 2.x): "+
		"upgrade pyko, or export with `poetry export -f requirements.txt -o requirements.txt` and build from requirements.txt", path, v)
}

func (f *File) addPackages(w lockWire) error {
	legacyFiles := map[string][]fileWire{}
	for name, fs := range w.Metadata.Files {
		n := pep503.Normalize(name)
		legacyFiles[n] = append(legacyFiles[n], fs...)
	}
	counts := map[string]int{}
	for _, pw := range w.Packages {
		counts[pep503.Normalize(pw.Name)]++
	}
	for i := range w.Packages {
		pw := &w.Packages[i]
		n := pep503.Normalize(pw.Name)
		if len(pw.Files) == 0 && legacyFiles[n] != nil {
			// lock-version 1.x keeps files by name only: with several
			// versions of one name, keep each version's own files.
			pw.Files = legacyFiles[n]
			if counts[n] > 1 {
				pw.Files = filesOfVersion(pw.Files, pw.Version)
			}
		}
		p, err := f.newPkg(pw)
		if err != nil {
			return fmt.Errorf("reading %s package %s: %w", f.path, pw.Name, err)
		}
		f.byName[p.name] = append(f.byName[p.name], p)
	}
	return nil
}

// filesOfVersion keeps the files whose name carries version, as in
// "name-1.0-py3-none-any.whl" or "name-1.0.tar.gz".
func filesOfVersion(fs []fileWire, version string) []fileWire {
	var out []fileWire
	for _, fw := range fs {
		stem := fw.File
		for _, ext := range []string{".tar.gz", ".zip", ".tar.bz2", ".tgz"} {
			stem = strings.TrimSuffix(stem, ext)
		}
		if strings.Contains(fw.File, "-"+version+"-") || strings.HasSuffix(stem, "-"+version) {
			out = append(out, fw)
		}
	}
	return out
}
