package scaffold

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"

	"github.com/pelletier/go-toml/v2"

	"github.com/pyko-dev/pyko/internal/project"
	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/lock/formats"
	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/python/pep508"
)

// markerEnv evaluates the markers of lockfiles and requirements: the
// image's usual runtime. A package that only another platform gets is
// missed, which only costs a detection.
var markerEnv = pep508.LinuxCPython("3.12.0", "x86_64")

// deps is what the project depends on: normalised names, and the files
// that said so.
type deps struct {
	names   map[string]bool
	sources []string
}

func (d *deps) has(name string) bool { return d.names[name] }

func (d *deps) add(source string, names ...string) {
	if len(names) == 0 {
		return
	}
	for _, n := range names {
		d.names[pep503.Normalize(n)] = true
	}
	if !slices.Contains(d.sources, source) {
		d.sources = append(d.sources, source)
	}
}

// readDeps gathers dependency names from [project] dependencies,
// [tool.poetry.dependencies] and every lockfile of a name pyko reads
// (pylock.toml, uv.lock, poetry.lock, Pipfile.lock, requirements.txt,
// requirements.in). A lockfile that does not open is logged and passed
// over: detection is a suggestion, and the build will say what is wrong.
func readDeps(ctx context.Context, log *slog.Logger, p *project.Project) (*deps, error) {
	d := &deps{names: map[string]bool{}}
	var names []string
	for _, s := range p.Dependencies {
		if r, err := pep508.ParseRequirement(s); err == nil {
			names = append(names, r.Name)
		}
	}
	d.add(project.PyprojectFile, names...)
	pyproject := filepath.Join(p.Dir, project.PyprojectFile)
	poetry, err := poetryDeps(pyproject)
	if err != nil {
		return nil, err
	}
	d.add(project.PyprojectFile, poetry...)
	if _, err := os.Stat(pyproject); err != nil {
		pyproject = "" // the readers then start from the lock's own root
	}
	reg := formats.Registry()
	for _, f := range reg.Formats() {
		for _, name := range f.Files {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			path := filepath.Join(p.Dir, name)
			if _, err := os.Stat(path); err != nil {
				continue
			}
			names, err := lockNames(ctx, reg, lock.Input{Path: path, Pyproject: pyproject, Log: log})
			if err != nil {
				log.Warn("not reading dependencies from "+name, "err", err)
				continue
			}
			d.add(name, names...)
		}
	}
	return d, nil
}

// unpinned is a requirements file, whose lines may pin nothing: Select
// would refuse them, but their names are all detection needs.
type unpinned interface {
	Requirements(pep508.Environment) (reqs, constraints []pep508.Requirement, err error)
}

// lockNames returns the names of the packages a lockfile installs.
func lockNames(ctx context.Context, reg *lock.Registry, in lock.Input) ([]string, error) {
	lf, err := reg.Open(ctx, in)
	if err != nil {
		return nil, err
	}
	var names []string
	if u, ok := lf.(unpinned); ok {
		if reqs, _, err := u.Requirements(markerEnv); err == nil {
			for _, r := range reqs {
				names = append(names, r.Name)
			}
			return names, nil
		}
		// A URL or path line: Select reads those when every line is pinned.
	}
	pkgs, err := lf.Select(markerEnv, lock.Options{})
	if err != nil {
		return nil, fmt.Errorf("selecting packages of %s: %w", in.Path, err)
	}
	for _, p := range pkgs {
		names = append(names, p.Name)
	}
	return names, nil
}

// poetryDeps returns the names in [tool.poetry.dependencies], which Poetry
// 1 projects declare instead of [project] dependencies. project.Load has
// already checked that the file parses.
func poetryDeps(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	var doc struct {
		Tool struct {
			Poetry struct {
				Dependencies map[string]any `toml:"dependencies"`
			} `toml:"poetry"`
		} `toml:"tool"`
	}
	if err := toml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		return nil, nil // a [tool.poetry] of another shape: not Poetry's, not ours
	}
	var names []string
	for name := range doc.Tool.Poetry.Dependencies {
		if name != "python" {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names, nil
}
