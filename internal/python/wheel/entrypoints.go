package wheel

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// script is one console or gui script declared in entry_points.txt.
type script struct {
	name   string // file name in bin
	module string // "flask.cli"
	attr   string // "main", or "a.b" for an attribute of an attribute
	gui    bool
}

// objectRef is the entry points spec's "module:attr [extras]", with
// identifiers of letters, digits and underscores. The parts are pasted into
// Python source, so nothing else may get through.
var objectRef = regexp.MustCompile(`^([\pL\pN_]+(?:\.[\pL\pN_]+)*)\s*:\s*([\pL\pN_]+(?:\.[\pL\pN_]+)*)\s*(?:\[[^\]]*\])?$`)

// parseEntryPoints reads the console_scripts and gui_scripts of an
// entry_points.txt: an INI file read as importlib.metadata and installer
// read it (ConfigParser with "=" as the only delimiter, case kept, full-line
// "#" and ";" comments):
// https://packaging.python.org/en/latest/specifications/entry-points/#file-format
// Other sections belong to the package's plugins and are skipped without
// being judged. Scripts are returned sorted by name.
func parseEntryPoints(data []byte) ([]script, error) {
	var out []script
	section := ""
	sections := map[string]bool{}
	names := map[string]string{}
	for i, raw := range strings.Split(string(data), "\n") {
		n := i + 1
		line := strings.TrimRight(raw, " \t\r")
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || trimmed[0] == '#' || trimmed[0] == ';':
			continue
		case line[0] == '[' && strings.HasSuffix(line, "]"):
			section = line[1 : len(line)-1]
			if isScriptSection(section) && sections[section] {
				return nil, fmt.Errorf("line %d: section [%s] appears twice", n, section)
			}
			sections[section] = true
			continue
		case !isScriptSection(section):
			continue
		case line[0] == ' ' || line[0] == '\t':
			return nil, fmt.Errorf("line %d: [%s] values must fit on one line", n, section)
		}
		key, value, ok := strings.Cut(line, "=")
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		if !ok || key == "" {
			return nil, fmt.Errorf("line %d: %q is not \"name = module:function\"", n, line)
		}
		if err := checkScriptName(key); err != nil {
			return nil, fmt.Errorf("line %d: script %q: %w", n, key, err)
		}
		if prev, dup := names[key]; dup {
			return nil, fmt.Errorf("line %d: script %q is declared twice (also in [%s])", n, key, prev)
		}
		names[key] = section
		m := objectRef.FindStringSubmatch(value)
		if m == nil {
			return nil, fmt.Errorf("line %d: script %q: %q is not \"module:function\"", n, key, value)
		}
		out = append(out, script{name: key, module: m[1], attr: m[2], gui: section == "gui_scripts"})
	}
	slices.SortFunc(out, func(a, b script) int { return strings.Compare(a.name, b.name) })
	return out, nil
}

func isScriptSection(s string) bool { return s == "console_scripts" || s == "gui_scripts" }

// checkScriptName accepts a name that is one plain file name in bin and
// not one of the venv's interpreter links.
func checkScriptName(name string) error {
	if name == "." || name == ".." || strings.ContainsAny(name, `/\`) || hasControl(name) {
		return fmt.Errorf("not a plain file name")
	}
	if reservedScript(name) {
		return fmt.Errorf("would replace the venv's interpreter")
	}
	return nil
}
