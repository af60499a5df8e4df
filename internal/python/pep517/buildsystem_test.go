package pep517

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tt := range []struct {
		name, toml string
		backend    string
		requires   []string
		path       []string
		legacy     bool
		err        string
	}{
		{name: "no table", toml: "[project]\nname = 'x'\n", backend: LegacyBackend, requires: []string{"setuptools"}, legacy: true},
		{name: "requires only", toml: "[build-system]\nrequires = ['setuptools>=61', 'wheel']\n", backend: LegacyBackend, requires: []string{"setuptools", "wheel"}, legacy: true},
		{name: "flit", toml: "[build-system]\nrequires = ['flit_core >=3.2,<4']\nbuild-backend = 'flit_core.buildapi'\n", backend: "flit_core.buildapi", requires: []string{"flit_core"}},
		{name: "in-tree", toml: "[build-system]\nrequires = []\nbuild-backend = 'backend:hooks'\nbackend-path = ['_build']\n", backend: "backend:hooks", path: []string{"_build"}},
		{name: "no requires", toml: "[build-system]\nbuild-backend = 'x'\n", err: "has no requires"},
		{name: "bad requirement", toml: "[build-system]\nrequires = ['setuptools >>> 1']\n", err: "requires \"setuptools >>> 1\""},
		{name: "bad backend", toml: "[build-system]\nrequires = []\nbuild-backend = 'x y'\n", err: "build-backend \"x y\""},
		{name: "backend colon", toml: "[build-system]\nrequires = []\nbuild-backend = 'x:'\n", err: "build-backend"},
		{name: "path escapes", toml: "[build-system]\nrequires = []\nbuild-backend = 'b'\nbackend-path = ['../up']\n", err: "leaves the source tree"},
		{name: "absolute path", toml: "[build-system]\nrequires = []\nbuild-backend = 'b'\nbackend-path = ['/etc']\n", err: "leaves the source tree"},
		{name: "bad toml", toml: "[build-system\n", err: "pyproject.toml"},
	} {
		bs, err := Parse("pyproject.toml", []byte(tt.toml))
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: err = %v, want %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		var names []string
		for _, r := range bs.Requires {
			names = append(names, r.Name)
		}
		if bs.Backend != tt.backend || bs.Legacy != tt.legacy || strings.Join(names, " ") != strings.Join(tt.requires, " ") || strings.Join(bs.BackendPath, " ") != strings.Join(tt.path, " ") {
			t.Errorf("%s: got %+v (requires %v)", tt.name, bs, names)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("[build-system]\nrequires = ['flit_core >=3.2,<4']\nbuild-backend = 'flit_core.buildapi'\n"))
	f.Add([]byte("[build-system]\nrequires = []\nbuild-backend = 'backend:hooks'\nbackend-path = ['_build']\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		bs, err := Parse("pyproject.toml", data)
		if err != nil {
			return
		}
		if bs.Backend == "" || !validBackend(bs.Backend) {
			t.Fatalf("accepted backend %q", bs.Backend)
		}
		for _, p := range bs.BackendPath {
			if strings.HasPrefix(p, "/") || strings.HasPrefix(p, "..") && (len(p) == 2 || p[2] == '/') {
				t.Fatalf("accepted backend-path %q", p)
			}
		}
	})
}
