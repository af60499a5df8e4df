package project

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
)

var groupSep = regexp.MustCompile(`[-_.]+`)

// pyproject is the part of pyproject.toml that pyko reads.
type pyproject struct {
	Name, Version, RequiresPython string
	Description, License          string
	URLs                          map[string]string
	Scripts, GUIScripts           map[string]string
	Dependencies, Dynamic         []string
	OptionalDependencies          map[string][]string
	DependencyGroups              map[string][]string
	BuildBackend                  string
	BuildRequires                 []string
	Tool                          map[string]any
}

// parsePyproject parses a pyproject.toml document. It checks the type of
// every field it reads and names the field when it is wrong; other tables
// are left alone, so tools' own sections never break a build.
//
// Traps: [project] and [tool] may be absent; version may be listed in
// dynamic and absent; any key may hold any TOML type.
func parsePyproject(data []byte) (pyproject, error) {
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, col := de.Position()
			return pyproject{}, fmt.Errorf("line %d, column %d: %w", row, col, err)
		}
		return pyproject{}, err
	}

	var pp pyproject
	proj, err := table(doc, "project", "[project]")
	if err != nil {
		return pyproject{}, err
	}
	for _, f := range []struct {
		key string
		dst *string
	}{
		{"name", &pp.Name},
		{"version", &pp.Version},
		{"requires-python", &pp.RequiresPython},
		{"description", &pp.Description},
	} {
		if *f.dst, err = str(proj, f.key, "[project] "+f.key); err != nil {
			return pyproject{}, err
		}
	}
	if pp.License, err = license(proj); err != nil {
		return pyproject{}, err
	}
	if pp.URLs, err = strTable(proj, "urls", "[project.urls]"); err != nil {
		return pyproject{}, err
	}
	if pp.Scripts, err = strTable(proj, "scripts", "[project.scripts]"); err != nil {
		return pyproject{}, err
	}
	if pp.GUIScripts, err = strTable(proj, "gui-scripts", "[project.gui-scripts]"); err != nil {
		return pyproject{}, err
	}
	if pp.Dependencies, err = strList(proj, "dependencies", "[project] dependencies"); err != nil {
		return pyproject{}, err
	}
	if pp.Dynamic, err = strList(proj, "dynamic", "[project] dynamic"); err != nil {
		return pyproject{}, err
	}
	if pp.OptionalDependencies, err = listTable(proj, "optional-dependencies", "[project.optional-dependencies]"); err != nil {
		return pyproject{}, err
	}
	if pp.DependencyGroups, err = dependencyGroups(doc); err != nil {
		return pyproject{}, err
	}
	bs, err := table(doc, "build-system", "[build-system]")
	if err != nil {
		return pyproject{}, err
	}
	if pp.BuildBackend, err = str(bs, "build-backend", "[build-system] build-backend"); err != nil {
		return pyproject{}, err
	}
	if pp.BuildRequires, err = strList(bs, "requires", "[build-system] requires"); err != nil {
		return pyproject{}, err
	}
	if bs != nil && pp.BuildRequires == nil {
		pp.BuildRequires = []string{}
	}

	tool, err := table(doc, "tool", "[tool]")
	if err != nil {
		return pyproject{}, err
	}
	if pp.Tool, err = table(tool, "pyko", "[tool.pyko]"); err != nil {
		return pyproject{}, err
	}
	return pp, nil
}

// license is [project] license: PEP 639's SPDX expression, or the text
// of PEP 621's {text = "..."} table ("" for {file = "..."}).
func license(proj map[string]any) (string, error) {
	switch v := proj["license"].(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	case map[string]any:
		text, err := str(v, "text", "[project] license.text")
		return text, err
	}
	return "", fmt.Errorf("[project] license: want a string (an SPDX expression) or a table with text or file, got %T", proj["license"])
}

// strTable returns m[key] as a table of strings, nil when absent.
func strTable(m map[string]any, key, field string) (map[string]string, error) {
	t, err := table(m, key, field)
	if err != nil || t == nil {
		return nil, err
	}
	out := make(map[string]string, len(t))
	for _, name := range slices.Sorted(maps.Keys(t)) {
		if out[name], err = str(t, name, fmt.Sprintf("%s %q", field, name)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// strList returns m[key] as an array of strings, nil when absent.
func strList(m map[string]any, key, field string) ([]string, error) {
	v, ok := m[key]
	if !ok {
		return nil, nil
	}
	a, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("%s must be an array of strings, got %s", field, tomlType(v))
	}
	out := make([]string, 0, len(a))
	for _, e := range a {
		s, ok := e.(string)
		if !ok {
			return nil, fmt.Errorf("%s must be an array of strings, got %s", field, tomlType(v))
		}
		out = append(out, s)
	}
	return out, nil
}

// table returns m[key] as a table, nil when absent, or an error naming field.
func table(m map[string]any, key, field string) (map[string]any, error) {
	v, ok := m[key]
	if !ok {
		return nil, nil
	}
	t, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s must be a table, got %s", field, tomlType(v))
	}
	return t, nil
}

// str returns m[key] as a string, "" when absent, or an error naming field.
func str(m map[string]any, key, field string) (string, error) {
	v, ok := m[key]
	if !ok {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("%s must be a string, got %s", field, tomlType(v))
	}
	return s, nil
}

// tomlType names the TOML type of a value decoded into an any.
func tomlType(v any) string {
	switch v := v.(type) {
	case string:
		return "string"
	case int64:
		return "integer"
	case float64:
		return "float"
	case bool:
		return "boolean"
	case time.Time, toml.LocalDate, toml.LocalTime, toml.LocalDateTime:
		return "datetime"
	case map[string]any:
		return "table"
	case []any:
		return arrayType(v)
	default:
		return fmt.Sprintf("%T", v)
	}
}

// arrayType names an array by its elements: "array of integers",
// "array of mixed types" or "empty array".
func arrayType(a []any) string {
	if len(a) == 0 {
		return "empty array"
	}
	first := tomlType(a[0])
	for _, e := range a[1:] {
		if tomlType(e) != first {
			return "array of mixed types"
		}
	}
	if strings.HasSuffix(first, "array") || strings.HasPrefix(first, "array") {
		return "array of arrays"
	}
	return "array of " + first + "s"
}

// listTable returns m[key] as a table of string arrays, nil when absent.
func listTable(m map[string]any, key, field string) (map[string][]string, error) {
	t, err := table(m, key, field)
	if err != nil || t == nil {
		return nil, err
	}
	out := make(map[string][]string, len(t))
	for _, name := range slices.Sorted(maps.Keys(t)) {
		if out[name], err = strList(t, name, fmt.Sprintf("%s %q", field, name)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// dependencyGroups reads PEP 735 [dependency-groups], with each
// {include-group = "name"} expanded (a cycle is an error), by normalised
// group name.
func dependencyGroups(doc map[string]any) (map[string][]string, error) {
	t, err := table(doc, "dependency-groups", "[dependency-groups]")
	if err != nil || t == nil {
		return nil, err
	}
	raw := map[string][]any{}
	for name, v := range t {
		items, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("[dependency-groups] %q: want an array, got %T", name, v)
		}
		raw[NormalizeGroup(name)] = items
	}
	out := map[string][]string{}
	var expand func(name string, seen []string) ([]string, error)
	expand = func(name string, seen []string) ([]string, error) {
		if slices.Contains(seen, name) {
			return nil, fmt.Errorf("[dependency-groups] %q includes itself (%s)", name, strings.Join(append(seen, name), " → "))
		}
		items, ok := raw[name]
		if !ok {
			return nil, fmt.Errorf("[dependency-groups]: no group %q to include", name)
		}
		var reqs []string
		for _, it := range items {
			switch v := it.(type) {
			case string:
				reqs = append(reqs, v)
			case map[string]any:
				inc, ok := v["include-group"].(string)
				if !ok || len(v) != 1 {
					return nil, fmt.Errorf("[dependency-groups] %q: a table item must be {include-group = \"NAME\"}", name)
				}
				more, err := expand(NormalizeGroup(inc), append(seen, name))
				if err != nil {
					return nil, err
				}
				reqs = append(reqs, more...)
			default:
				return nil, fmt.Errorf("[dependency-groups] %q: an item must be a string or {include-group = ...}, got %T", name, it)
			}
		}
		return reqs, nil
	}
	for _, name := range slices.Sorted(maps.Keys(raw)) {
		if out[name], err = expand(name, nil); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// NormalizeGroup normalises a group or extra name as PEP 503 does names
// (PEP 685, PEP 735).
func NormalizeGroup(name string) string {
	return strings.Trim(strings.ToLower(groupSep.ReplaceAllString(name, "-")), "-")
}
