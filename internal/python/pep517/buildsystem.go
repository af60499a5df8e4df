package pep517

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"github.com/pyko-dev/pyko/internal/python/pep508"
)

// BuildSystem is a source tree's [build-system].
type BuildSystem struct {
	// Requires are the build requirements (PEP 518).
	Requires []pep508.Requirement
	// Backend is "module" or "module:object".
	Backend string
	// BackendPath are directories of the source tree put first on
	// sys.path to load an in-tree backend, relative and inside the tree.
	BackendPath []string
	// Legacy says pyproject.toml named no backend: setuptools' legacy one
	// is used, as pip and uv do.
	Legacy bool
}

// LegacyBackend and LegacyRequires are PEP 517's fallback for a tree
// without a build-backend: setuptools run as "setup.py" would be, but
// through its PEP 517 hooks (never "setup.py install").
const (
	LegacyBackend  = "setuptools.build_meta:__legacy__"
	LegacyRequires = "setuptools>=40.8.0"
)

// Read reads dir/pyproject.toml's [build-system]; a tree without the file
// or the table gets the legacy setuptools backend. Errors name the file
// and the key.
func Read(dir string) (BuildSystem, error) {
	name := filepath.Join(dir, "pyproject.toml")
	data, err := os.ReadFile(name)
	if errors.Is(err, os.ErrNotExist) {
		return legacy(nil)
	}
	if err != nil {
		return BuildSystem{}, err
	}
	return Parse(name, data)
}

// Parse is Read of pyproject.toml's bytes; name is for errors.
func Parse(name string, data []byte) (BuildSystem, error) {
	var doc struct {
		BuildSystem *struct {
			Requires    *[]string `toml:"requires"`
			Backend     string    `toml:"build-backend"`
			BackendPath []string  `toml:"backend-path"`
		} `toml:"build-system"`
	}
	if err := toml.Unmarshal(data, &doc); err != nil {
		return BuildSystem{}, fmt.Errorf("%s: %w", name, err)
	}
	bs := doc.BuildSystem
	if bs == nil {
		return legacy(nil)
	}
	if bs.Requires == nil {
		// PEP 518: a [build-system] table must have requires.
		return BuildSystem{}, fmt.Errorf("%s: [build-system] has no requires: list the build requirements, such as requires = [\"setuptools\"]", name)
	}
	reqs, err := parseRequires(name, *bs.Requires)
	if err != nil {
		return BuildSystem{}, err
	}
	if bs.Backend == "" {
		// PEP 517: requires without a backend still means the legacy one,
		// with the tree's own requirements.
		return legacy(reqs)
	}
	if !validBackend(bs.Backend) {
		return BuildSystem{}, fmt.Errorf("%s: build-backend %q: want module or module:object, such as flit_core.buildapi", name, bs.Backend)
	}
	for _, p := range bs.BackendPath {
		if c := path.Clean(p); path.IsAbs(p) || c == ".." || strings.HasPrefix(c, "../") || strings.ContainsRune(p, '\\') {
			return BuildSystem{}, fmt.Errorf("%s: backend-path %q leaves the source tree (PEP 517: it must be relative and inside)", name, p)
		}
	}
	return BuildSystem{Requires: reqs, Backend: bs.Backend, BackendPath: bs.BackendPath}, nil
}

func legacy(reqs []pep508.Requirement) (BuildSystem, error) {
	if reqs == nil {
		r, err := pep508.ParseRequirement(LegacyRequires)
		if err != nil {
			return BuildSystem{}, err
		}
		reqs = []pep508.Requirement{r}
	}
	return BuildSystem{Requires: reqs, Backend: LegacyBackend, Legacy: true}, nil
}

func parseRequires(name string, in []string) ([]pep508.Requirement, error) {
	var out []pep508.Requirement
	for _, s := range in {
		r, err := pep508.ParseRequirement(s)
		if err != nil {
			return nil, fmt.Errorf("%s: [build-system] requires %q: %w", name, s, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// validBackend: dotted identifiers, then optionally ":" and more.
func validBackend(s string) bool {
	mod, obj, _ := strings.Cut(s, ":")
	return dotted(mod) && (obj == "" && !strings.HasSuffix(s, ":") || dotted(obj))
}

func dotted(s string) bool {
	if s == "" {
		return false
	}
	for _, part := range strings.Split(s, ".") {
		if part == "" || !(part[0] == '_' || isLetter(part[0])) {
			return false
		}
		for i := 0; i < len(part); i++ {
			if c := part[i]; !(c == '_' || isLetter(c) || (c >= '0' && c <= '9')) {
				return false
			}
		}
	}
	return true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
