package uvlock

import (
	"fmt"
	"os"

	"github.com/pelletier/go-toml/v2"

	"github.com/pyko-dev/pyko/internal/python/pep503"
)

// rootSpec is what pyproject.toml says about where the walk starts.
type rootSpec struct {
	known   bool   // a pyproject.toml was read
	project string // [project] name, normalized; "" for a non-project root
}

// readProject reads the project name from pyproject.toml.
func readProject(path string) (rootSpec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return rootSpec{}, fmt.Errorf("reading pyproject.toml: %w", err)
	}
	var w struct {
		Project struct {
			Name string `toml:"name"`
		} `toml:"project"`
	}
	if err := toml.Unmarshal(data, &w); err != nil {
		return rootSpec{}, fmt.Errorf("parsing %s: %w", path, err)
	}
	return rootSpec{known: true, project: pep503.Normalize(w.Project.Name)}, nil
}

// findRoots picks the packages the walk starts from: the project, else
// (a workspace root that is not a project) every workspace member.
func (f *File) findRoots(root rootSpec, members map[string]bool) error {
	name := root.project
	if !root.known {
		// No pyproject.toml: the project is locked from the lock's own
		// directory.
		for _, p := range f.packages {
			if p.source.Editable == "." || p.source.Virtual == "." {
				name = p.name
			}
		}
	}
	if name != "" {
		for _, p := range f.byName[name] {
			if p.local {
				f.roots = []*pkg{p}
				p.member = true
				return nil
			}
		}
		return fmt.Errorf("reading %s: the project %s is not in the lock: run `uv lock`", f.path, name)
	}
	for _, p := range f.packages {
		if p.local && members[p.name] {
			f.roots = append(f.roots, p)
		}
	}
	if len(f.roots) == 0 && len(f.requirements) == 0 && len(f.groups) == 0 {
		return fmt.Errorf("reading %s: the lock names no project and no workspace member: run `uv lock` in the project's directory", f.path)
	}
	return nil
}

// linkManifest links the requirements and dependency groups of a
// workspace root that is not a project. They name packages without a
// version: a name locked more than once is settled by resolution-markers.
func (f *File) linkManifest(m manifestWire) error {
	all := func(*pkg) bool { return true }
	for _, r := range m.Requirements {
		e, err := f.newEdge(r.Name, r.Marker, r.Extras, all)
		if err != nil {
			return fmt.Errorf("reading %s manifest requirements: %w", f.path, err)
		}
		f.requirements = append(f.requirements, e)
	}
	f.groups = map[string][]*edge{}
	for g, rs := range m.DependencyGroups {
		for _, r := range rs {
			e, err := f.newEdge(r.Name, r.Marker, r.Extras, all)
			if err != nil {
				return fmt.Errorf("reading %s manifest dependency-groups.%s: %w", f.path, g, err)
			}
			k := pep503.Normalize(g)
			f.groups[k] = append(f.groups[k], e)
		}
	}
	return nil
}
