package poetry

import (
	"fmt"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep503"
)

// pyprojectWire is what Poetry reads from pyproject.toml: the PEP 621
// [project] table (Poetry 2), the [tool.poetry] tables (Poetry 1, and
// Poetry 2 for groups and sources) and PEP 735 [dependency-groups]
// (Poetry 2.2).
type pyprojectWire struct {
	Project struct {
		Name                 string              `toml:"name"`
		Dependencies         []string            `toml:"dependencies"`
		OptionalDependencies map[string][]string `toml:"optional-dependencies"`
	} `toml:"project"`
	DependencyGroups map[string][]any `toml:"dependency-groups"`
	Tool             struct {
		Poetry struct {
			Name            string         `toml:"name"`
			Dependencies    map[string]any `toml:"dependencies"`
			DevDependencies map[string]any `toml:"dev-dependencies"`
			Group           map[string]struct {
				Dependencies map[string]any `toml:"dependencies"`
			} `toml:"group"`
			Extras map[string][]string `toml:"extras"`
			Source []sourceEntry       `toml:"source"`
		} `toml:"poetry"`
	} `toml:"tool"`
}

type sourceEntry struct {
	Name      string `toml:"name"`
	URL       string `toml:"url"`
	Priority  string `toml:"priority"`
	Default   bool   `toml:"default"`   // Poetry < 1.5
	Secondary bool   `toml:"secondary"` // Poetry < 1.5
}

// readProject gathers the project's main requirements, extras and groups.
func readProject(path string, data []byte) (project, lock.Indexes, error) {
	var w pyprojectWire
	if err := decode(path, data, &w); err != nil {
		return project{}, lock.Indexes{}, err
	}
	tp := &w.Tool.Poetry
	p := project{name: pep503.Normalize(w.Project.Name), extras: map[string][]*dep{}, groups: map[string][]*dep{}}
	if p.name == "" {
		p.name = pep503.Normalize(tp.Name)
	}
	fail := func(where string, err error) (project, lock.Indexes, error) {
		return project{}, lock.Indexes{}, fmt.Errorf("reading %s %s: %w", path, where, err)
	}
	for _, s := range w.Project.Dependencies {
		d, err := fromRequirement(s)
		if err != nil {
			return fail("[project] dependencies", err)
		}
		p.main = append(p.main, d)
	}
	for x, reqs := range w.Project.OptionalDependencies {
		for _, s := range reqs {
			d, err := fromRequirement(s)
			if err != nil {
				return fail("[project.optional-dependencies] "+x, err)
			}
			k := pep503.Normalize(x)
			p.extras[k] = append(p.extras[k], d)
		}
	}
	tool, err := decodeDeps(tp.Dependencies)
	if err != nil {
		return fail("[tool.poetry.dependencies]", err)
	}
	for _, d := range tool {
		if !d.optional {
			p.main = append(p.main, d)
		}
	}
	// [tool.poetry.extras] names optional dependencies of the tool table.
	for x, names := range tp.Extras {
		k := pep503.Normalize(x)
		for _, n := range names {
			for _, d := range tool {
				if d.name == pep503.Normalize(n) {
					p.extras[k] = append(p.extras[k], d)
				}
			}
		}
	}
	if err := p.addGroups(&w); err != nil {
		return fail("", err)
	}
	return p, indexes(tp.Source), nil
}

// addGroups reads [tool.poetry.group.*], the older
// [tool.poetry.dev-dependencies] (the "dev" group) and [dependency-groups].
func (p *project) addGroups(w *pyprojectWire) error {
	tp := &w.Tool.Poetry
	for g, t := range tp.Group {
		ds, err := decodeDeps(t.Dependencies)
		if err != nil {
			return fmt.Errorf("[tool.poetry.group.%s.dependencies]: %w", g, err)
		}
		k := pep503.Normalize(g)
		p.groups[k] = append(p.groups[k], ds...)
	}
	dev, err := decodeDeps(tp.DevDependencies)
	if err != nil {
		return fmt.Errorf("[tool.poetry.dev-dependencies]: %w", err)
	}
	p.groups["dev"] = append(p.groups["dev"], dev...)
	for g := range w.DependencyGroups {
		ds, err := groupDeps(w.DependencyGroups, g, map[string]bool{})
		if err != nil {
			return fmt.Errorf("[dependency-groups] %s: %w", g, err)
		}
		k := pep503.Normalize(g)
		p.groups[k] = append(p.groups[k], ds...)
	}
	return nil
}

// groupDeps expands a PEP 735 group: requirement strings and
// {include-group = "name"} tables, without cycles.
func groupDeps(all map[string][]any, name string, visiting map[string]bool) ([]*dep, error) {
	if visiting[name] {
		return nil, fmt.Errorf("group %s includes itself", name)
	}
	visiting[name] = true
	defer delete(visiting, name)
	var out []*dep
	for _, item := range all[name] {
		switch v := item.(type) {
		case string:
			d, err := fromRequirement(v)
			if err != nil {
				return nil, err
			}
			out = append(out, d)
		case map[string]any:
			inc, _ := v["include-group"].(string)
			key := findGroup(all, inc)
			if key == "" {
				return nil, fmt.Errorf("include-group %q: no such group", inc)
			}
			ds, err := groupDeps(all, key, visiting)
			if err != nil {
				return nil, err
			}
			out = append(out, ds...)
		default:
			return nil, fmt.Errorf("unexpected %T: want a requirement string or an include-group table", v)
		}
	}
	return out, nil
}

// findGroup finds a group by its normalized name, as PEP 735 compares them.
func findGroup(all map[string][]any, name string) string {
	for k := range all {
		if pep503.Normalize(k) == pep503.Normalize(name) {
			return k
		}
	}
	return ""
}

func indexes(sources []sourceEntry) lock.Indexes {
	var ix lock.Indexes
	for _, s := range sources {
		if s.URL == "" || strings.EqualFold(s.Name, "pypi") {
			continue
		}
		prio := s.Priority
		if prio == "" {
			// Poetry's default priority is primary; before 1.5 the flags
			// said default or secondary.
			prio = "primary"
			if s.Secondary {
				prio = "supplemental"
			}
		}
		switch {
		case prio == "explicit":
		case (prio == "primary" || prio == "default" || s.Default) && ix.IndexURL == "":
			ix.IndexURL = s.URL
		default:
			ix.ExtraIndexURLs = append(ix.ExtraIndexURLs, s.URL)
		}
	}
	return ix
}
