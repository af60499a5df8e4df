package poetry

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/pep440"
	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/python/pep508"
)

// dep is one requirement of the project or of a locked package.
type dep struct {
	name     string // normalized
	version  constraint
	marker   *pep508.Marker
	python   constraint // Poetry's python = "..." key
	platform string     // Poetry's platform = "..." key, tested on sys_platform
	extras   []string   // normalized
	optional bool       // only for the extras that list it
}

// target is the environment a selection is for, with its Python version
// parsed once.
type target struct {
	env         pep508.Environment
	full, minor pep440.Version
}

// holds reports whether the dependency applies to t when extras are the
// active extras of the package (or project) that declares it.
func (d *dep) holds(t target, extras []string) bool {
	if d.marker != nil && !d.marker.Evaluate(t.env, extras) {
		return false
	}
	if !d.python.admitsPython(t.full, t.minor) {
		return false
	}
	return d.platform == "" || platformHolds(d.platform, t.env["sys_platform"])
}

// platformHolds matches a Poetry platform constraint: "linux",
// "!win32", "linux || darwin".
func platformHolds(c, platform string) bool {
	for alt := range strings.SplitSeq(c, "|") {
		alt = strings.TrimSpace(alt)
		switch {
		case alt == "":
		case strings.HasPrefix(alt, "!"):
			if strings.TrimSpace(alt[1:]) != platform {
				return true
			}
		case alt == platform:
			return true
		}
	}
	return false
}

// decodeDeps reads a Poetry dependency table: name = "constraint",
// name = { version, markers, python, platform, extras, optional, ... },
// or name = [ {...}, {...} ] for one name constrained per marker.
func decodeDeps(m map[string]any) ([]*dep, error) {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	slices.Sort(names)
	var out []*dep
	for _, n := range names {
		if n == "python" {
			continue // the project's own Python constraint, not a package
		}
		alts, ok := m[n].([]any)
		if !ok {
			alts = []any{m[n]}
		}
		for _, v := range alts {
			d, err := decodeDep(n, v)
			if err != nil {
				return nil, fmt.Errorf("dependency %s: %w", n, err)
			}
			out = append(out, d)
		}
	}
	return out, nil
}

func decodeDep(name string, v any) (*dep, error) {
	d := &dep{name: pep503.Normalize(name)}
	var err error
	switch v := v.(type) {
	case string:
		d.version, err = parseConstraint(v)
		return d, err
	case map[string]any:
		return d, d.fromTable(v)
	default:
		return nil, fmt.Errorf("unexpected %T: want a constraint string or a table", v)
	}
}

func (d *dep) fromTable(t map[string]any) error {
	var err error
	str := func(key string) string { s, _ := t[key].(string); return s }
	if d.version, err = parseConstraint(str("version")); err != nil {
		return err
	}
	if d.python, err = parseConstraint(str("python")); err != nil {
		return fmt.Errorf("python: %w", err)
	}
	if s := str("markers"); s != "" {
		if d.marker, err = pep508.ParseMarker(s); err != nil {
			return fmt.Errorf("parsing markers %q: %w", s, err)
		}
	}
	d.platform = str("platform")
	d.optional, _ = t["optional"].(bool)
	xs, _ := t["extras"].([]any)
	for _, x := range xs {
		if s, ok := x.(string); ok {
			d.extras = append(d.extras, pep503.Normalize(s))
		}
	}
	return nil
}

// fromRequirement reads a PEP 508 requirement ([project] tables and the
// strings of [package.extras]).
func fromRequirement(s string) (*dep, error) {
	r, err := pep508.ParseRequirement(s)
	if err != nil {
		return nil, err
	}
	d := &dep{name: pep503.Normalize(r.Name), marker: r.Marker}
	if len(r.Specifiers) > 0 {
		d.version = constraint{{{spec: r.Specifiers}}}
	}
	for _, x := range r.Extras {
		d.extras = append(d.extras, pep503.Normalize(x))
	}
	return d, nil
}
