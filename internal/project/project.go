package project

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Project is what pyko reads from a project directory.
type Project struct {
	// Dir is the absolute path of the project directory.
	Dir string
	// Name and Version are [project] name and version. Both are empty when
	// there is no pyproject.toml; Version is empty when it is dynamic.
	Name, Version string
	// Description, License (an SPDX expression, or PEP 621 license text)
	// and URLs ([project.urls], by label) describe it.
	Description, License string
	URLs                 map[string]string
	// RequiresPython is [project] requires-python, raw (a PEP 440 specifier set).
	RequiresPython string
	// PythonVersion is the first non-comment line of .python-version,
	// trimmed and raw, e.g. "3.12". Empty when the file is absent.
	PythonVersion string
	// Scripts is [project.scripts]: command name to "module:function";
	// GUIScripts is [project.gui-scripts].
	Scripts, GUIScripts map[string]string
	// Dependencies is [project] dependencies (PEP 508 strings); Dynamic is
	// [project] dynamic.
	Dependencies, Dynamic []string
	// OptionalDependencies is [project.optional-dependencies] (the
	// extras); DependencyGroups is PEP 735 [dependency-groups], includes
	// expanded. Both are keyed by normalised name.
	OptionalDependencies, DependencyGroups map[string][]string
	// BuildBackend and BuildRequires are [build-system] build-backend and
	// requires; BuildRequires is nil when there is no [build-system].
	BuildBackend  string
	BuildRequires []string
	// Tool is the raw [tool.pyko] table, nil when absent. See Project.Config.
	Tool map[string]any
	// Git describes the checkout Dir is in; nil when it is not in one.
	Git *GitInfo
}

// Well-known file names in the project directory.
const (
	PyprojectFile     = "pyproject.toml"
	PythonVersionFile = ".python-version"
	DockerignoreFile  = ".dockerignore"
	// PykoignoreFile, when present, is read instead of .dockerignore.
	PykoignoreFile = ".pykoignore"
)

// Load reads the project in dir. A missing pyproject.toml or .python-version
// is not an error; a malformed one is. The error for a missing dir matches
// errors.Is(err, fs.ErrNotExist).
func Load(ctx context.Context, dir string) (*Project, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("resolving project directory %q: %w", dir, err)
	}
	fi, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, &notExistError{dir: dir}
	case err != nil:
		return nil, fmt.Errorf("reading project directory %q: %w", dir, err)
	case !fi.IsDir():
		return nil, fmt.Errorf("project directory %q is not a directory", dir)
	}

	p := &Project{Dir: abs}
	if err := p.loadPyproject(); err != nil {
		return nil, err
	}
	if err := p.loadPythonVersion(); err != nil {
		return nil, err
	}
	if p.Git, err = readGit(ctx, abs); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *Project) loadPyproject() error {
	path := filepath.Join(p.Dir, PyprojectFile)
	data, err := readOptional(path)
	if data == nil || err != nil {
		return err
	}
	pp, err := parsePyproject(data)
	if err != nil {
		return fmt.Errorf("parsing %s: %w", path, err)
	}
	p.Name, p.Version, p.RequiresPython = pp.Name, pp.Version, pp.RequiresPython
	p.Description, p.License, p.URLs = pp.Description, pp.License, pp.URLs
	p.Scripts, p.GUIScripts, p.Tool = pp.Scripts, pp.GUIScripts, pp.Tool
	p.Dependencies, p.Dynamic = pp.Dependencies, pp.Dynamic
	for name, reqs := range pp.OptionalDependencies {
		if p.OptionalDependencies == nil {
			p.OptionalDependencies = map[string][]string{}
		}
		p.OptionalDependencies[NormalizeGroup(name)] = reqs
	}
	p.DependencyGroups = pp.DependencyGroups
	p.BuildBackend, p.BuildRequires = pp.BuildBackend, pp.BuildRequires
	return nil
}

func (p *Project) loadPythonVersion() error {
	data, err := readOptional(filepath.Join(p.Dir, PythonVersionFile))
	if err != nil {
		return err
	}
	p.PythonVersion = parsePythonVersion(data)
	return nil
}

// readOptional returns the contents of path, or nil and no error when it
// does not exist.
func readOptional(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if data == nil {
		data = []byte{}
	}
	return data, nil
}

// notExistError reports a missing project directory; it matches fs.ErrNotExist.
type notExistError struct{ dir string }

func (e *notExistError) Error() string {
	return fmt.Sprintf("project directory %q does not exist", e.dir)
}

func (e *notExistError) Is(target error) bool { return target == fs.ErrNotExist }
