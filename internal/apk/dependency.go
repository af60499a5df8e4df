package apk

import (
	"fmt"
	"strings"
)

// Op is a version constraint operator.
type Op string

// Constraint operators as apk-tools spells them. OpAny means no version
// constraint.
const (
	OpAny     Op = ""
	OpEqual   Op = "="
	OpLess    Op = "<"
	OpLessEq  Op = "<="
	OpGreater Op = ">"
	OpGreatEq Op = ">="
	OpFuzzy   Op = "~"  // same version prefix: "~1.2" matches 1.2 and 1.2.3
	OpFuzzyEq Op = "=~" // apk-tools' other spelling of "~"
	OpAnyVer  Op = "><" // any version at all ("checksum" form); rare
)

// Dependency is one entry of depends, provides, install_if or replaces:
// "name", "name>=1.2", "!name" (a conflict), "so:libc.so.6=6",
// "cmd:python3=3.12.1-r0". In provides, OpEqual gives the provided version.
type Dependency struct {
	Name     string
	Op       Op
	Version  string
	Conflict bool // a "!" prefix: the named package must not be installed
}

// ops is ordered so that two-character operators are tried first.
var ops = []Op{OpLessEq, OpGreatEq, OpFuzzyEq, OpAnyVer, OpEqual, OpLess, OpGreater, OpFuzzy}

// ParseDependency parses one dependency atom. Tags ("name@edge") are not
// used by Wolfi and are rejected.
func ParseDependency(s string) (Dependency, error) {
	var d Dependency
	if strings.HasPrefix(s, "!") {
		d.Conflict = true
		s = s[1:]
	}
	i := strings.IndexAny(s, "<>=~")
	if i < 0 {
		d.Name = s
	} else {
		d.Name = s[:i]
		rest := s[i:]
		for _, op := range ops {
			if strings.HasPrefix(rest, string(op)) {
				d.Op, d.Version = op, rest[len(op):]
				break
			}
		}
		if d.Version == "" || strings.ContainsAny(d.Version, "<>=~") {
			return Dependency{}, fmt.Errorf("dependency %q: bad version constraint", s)
		}
	}
	if d.Name == "" || strings.ContainsAny(d.Name, " \t@") {
		return Dependency{}, fmt.Errorf("dependency %q: bad package name", s)
	}
	return d, nil
}

// ParseDependencies parses a space-separated list of atoms.
func ParseDependencies(s string) ([]Dependency, error) {
	var out []Dependency
	for _, f := range strings.Fields(s) {
		d, err := ParseDependency(f)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// String formats d as apk-tools does, so that it parses back to d.
func (d Dependency) String() string {
	s := d.Name + string(d.Op) + d.Version
	if d.Conflict {
		return "!" + s
	}
	return s
}
