package planner

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/apk/version"
	"github.com/pyko-dev/pyko/internal/project"
	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep440"
	"github.com/pyko-dev/pyko/internal/target"
	"github.com/pyko-dev/pyko/internal/usage"
)

var (
	pythonPkgRe = regexp.MustCompile(`^python-(3\.[0-9]+)$`)
	minorRe     = regexp.MustCompile(`^(?:cpython-?)?(3\.[0-9]+)(?:\.[0-9]+.*)?$`)
)

// pythonChoice says which Python the image gets and why, for the log.
type pythonChoice struct {
	Minor  string // "3.12"
	Source string // "--python", ".python-version", "requires-python", ...
}

// choosePython picks the Python minor version: --python, else [tool.pyko]
// python (merged into o.Python), else .python-version, else the newest
// python-3.X in the repositories whose version fits requires-python. An
// explicit choice that requires-python excludes is an error.
func choosePython(o *Options, proj *project.Project, available []*apk.Package, lf lock.Lockfile) (pythonChoice, error) {
	explicit, source := o.Python, "--python"
	if explicit == "" && proj.PythonVersion != "" {
		explicit, source = proj.PythonVersion, project.PythonVersionFile
	}
	spec, err := requiresPython(proj)
	if err != nil {
		return pythonChoice{}, err
	}
	newest := newestPythons(available)
	if explicit != "" {
		m := minorRe.FindStringSubmatch(strings.TrimSpace(explicit))
		if m == nil {
			return pythonChoice{}, usage.Wrap(fmt.Errorf("%s %q: give a CPython version such as 3.12", source, explicit))
		}
		if v, ok := newest[m[1]]; ok && spec != nil && !spec.Contains(v, true) {
			return pythonChoice{}, usage.Wrap(fmt.Errorf("%s asks for Python %s (%s), but requires-python in %s is %q", source, m[1], v, project.PyprojectFile, proj.RequiresPython))
		}
		if _, ok := newest[m[1]]; !ok && len(newest) > 0 {
			return pythonChoice{}, usage.Wrap(fmt.Errorf("%s asks for Python %s, which the repositories have no python-%s package of; Python versions in the repositories: %s",
				source, m[1], m[1], pythonList(newest)))
		}
		return pythonChoice{Minor: m[1], Source: source}, nil
	}
	// The lockfile may be narrower than requires-python (poetry's
	// python-versions, uv.lock's requires-python): its Python must fit it.
	admits := func(pep440.Version) bool { return true }
	if a, ok := lf.(interface{ AdmitsPython(pep440.Version) bool }); ok {
		admits = a.AdmitsPython
	}
	best, bestMinor := "", -1
	for minor, v := range newest {
		n, _ := strconv.Atoi(strings.TrimPrefix(minor, "3."))
		if (spec == nil || spec.Contains(v, false)) && admits(v) && n > bestMinor {
			best, bestMinor = minor, n
		}
	}
	if best == "" {
		return pythonChoice{}, usage.Errorf("no python-3.X package in the repositories fits requires-python %q of %s (they have %s): pass --python or change requires-python",
			proj.RequiresPython, project.PyprojectFile, pythonList(newest))
	}
	src := "the newest in the repositories"
	if spec != nil {
		src = "the newest that fits requires-python " + proj.RequiresPython
	}
	return pythonChoice{Minor: best, Source: src}, nil
}

func requiresPython(proj *project.Project) (pep440.Specifiers, error) {
	if proj.RequiresPython == "" {
		return nil, nil
	}
	spec, err := pep440.ParseSpecifiers(proj.RequiresPython)
	if err != nil {
		return nil, fmt.Errorf("requires-python in %s: %w", project.PyprojectFile, err)
	}
	return spec, nil
}

// newestPythons maps "3.X" to the newest python-3.X version available, as
// a PEP 440 version (the APK revision dropped).
func newestPythons(available []*apk.Package) map[string]pep440.Version {
	best := map[string]string{}
	for _, p := range available {
		m := pythonPkgRe.FindStringSubmatch(p.Name)
		if m == nil {
			continue
		}
		if cur, ok := best[m[1]]; !ok || version.Compare(p.Version, cur) > 0 {
			best[m[1]] = p.Version
		}
	}
	out := map[string]pep440.Version{}
	for minor, v := range best {
		if pv, err := pep440.Parse(target.Upstream(v)); err == nil {
			out[minor] = pv
		}
	}
	return out
}

func pythonList(m map[string]pep440.Version) string {
	if len(m) == 0 {
		return "none"
	}
	var s []string
	for minor, v := range m {
		s = append(s, "python-"+minor+" "+v.String())
	}
	return strings.Join(slices.Sorted(slices.Values(s)), ", ")
}
