// Package pyscenario is a test world for the resolver: small scenarios in
// the manner of astral-sh/packse — the root's requirements, synthetic
// wheels on a PEP 691/503 index (with PEP 658 metadata, Requires-Python,
// yanked files, pre-releases, extras, markers, faults) and the expected
// outcome — and pip as an independent oracle for them.
package pyscenario

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/testutil/pyindex"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
	"github.com/pyko-dev/pyko/internal/testutil/wheels"
)

// Dist is one synthetic wheel of a scenario: "name version", what it
// requires, its Requires-Python, its tags (default py3-none-any), and
// whether the index has yanked it.
type Dist struct {
	ID             string
	Requires       []string
	RequiresPython string
	Tags           string
	Yanked         bool
	Extras         map[string][]string
}

// Scenario is a small world in the manner of packse's: the root's
// requirements, the wheels on the index, and what must come out — the
// pins ("a==1.0 b==2.0", sorted), or "" and words the explanation must
// hold. unique marks a scenario whose answer pip must give too.
type Scenario struct {
	Name    string
	Root    []string
	Dists   []Dist
	Want    string
	Explain []string
	Unique  bool
	// Index are the index's faults.
	Index []pyindex.Option
}

// All are the scenarios, for CPython 3.11.2 on x86_64.
var All = []Scenario{
	{Name: "transitive, newest first", Root: []string{"a"}, Unique: true,
		Dists: []Dist{{ID: "a 1.0", Requires: []string{"b>=1"}}, {ID: "b 1.0"}, {ID: "b 2.0"}},
		Want:  "a==1.0 b==2.0"},
	{Name: "backtracking two levels", Root: []string{"a", "d"}, Unique: true,
		Dists: []Dist{{ID: "a 2.0", Requires: []string{"b==2.0"}}, {ID: "a 1.0", Requires: []string{"b==1.0"}},
			{ID: "b 2.0", Requires: []string{"c==2.0"}}, {ID: "b 1.0", Requires: []string{"c==1.0"}},
			{ID: "c 2.0"}, {ID: "c 1.0"}, {ID: "d 1.0", Requires: []string{"c==1.0"}}},
		Want: "a==1.0 b==1.0 c==1.0 d==1.0"},
	{Name: "requires-python picks an older version", Root: []string{"a"}, Unique: true,
		Dists: []Dist{{ID: "a 2.0", RequiresPython: ">=3.12"}, {ID: "a 1.0", RequiresPython: ">=3.8"}},
		Want:  "a==1.0"},
	{Name: "pre-release not taken by default", Root: []string{"a"}, Unique: true,
		Dists: []Dist{{ID: "a 1.0"}, {ID: "a 2.0b1"}},
		Want:  "a==1.0"},
	{Name: "pre-release named by the specifier", Root: []string{"a>=2.0b1"}, Unique: true,
		Dists: []Dist{{ID: "a 1.0"}, {ID: "a 2.0b1"}},
		Want:  "a==2.0b1"},
	{Name: "a pre-release is not taken for a final-release specifier", Root: []string{"a>1.0"}, Unique: true,
		Dists:   []Dist{{ID: "a 1.0"}, {ID: "a 2.0b1"}},
		Explain: []string{"depends on a>1.0"}},
	{Name: "a package with only pre-releases", Root: []string{"a"},
		Dists: []Dist{{ID: "a 2.0b1"}, {ID: "a 2.0a1"}},
		Want:  "a==2.0b1"},
	{Name: "yanked is skipped", Root: []string{"a"}, Unique: true,
		Dists: []Dist{{ID: "a 1.0"}, {ID: "a 2.0", Yanked: true}},
		Want:  "a==1.0"},
	{Name: "yanked pinned with ==", Root: []string{"a==2.0"}, Unique: true,
		Dists: []Dist{{ID: "a 1.0"}, {ID: "a 2.0", Yanked: true}},
		Want:  "a==2.0"},
	{Name: "an extra adds a dependency", Root: []string{"a[fast]"}, Unique: true,
		Dists: []Dist{{ID: "a 1.0", Extras: map[string][]string{"fast": {"b>=1"}}}, {ID: "b 1.0"}, {ID: "c 1.0"}},
		Want:  "a==1.0 b==1.0"},
	{Name: "markers per platform", Root: []string{"a"}, Unique: true,
		Dists: []Dist{{ID: "a 1.0", Requires: []string{"b; platform_machine == 'aarch64'", "c; platform_machine == 'x86_64'", "d; python_version < '3'"}},
			{ID: "b 1.0"}, {ID: "c 1.0"}, {ID: "d 1.0"}},
		Want: "a==1.0 c==1.0"},
	{Name: "names are normalised", Root: []string{"Foo_Bar"}, Unique: true,
		Dists: []Dist{{ID: "foo.bar 1.0", Requires: []string{"Baz-Qux>=1"}}, {ID: "baz_qux 1.0"}},
		Want:  "baz-qux==1.0 foo-bar==1.0"},
	{Name: "a cycle", Root: []string{"a"}, Unique: true,
		Dists: []Dist{{ID: "a 1.0", Requires: []string{"b"}}, {ID: "b 1.0", Requires: []string{"a"}}},
		Want:  "a==1.0 b==1.0"},
	{Name: "a conflict", Root: []string{"a", "b"}, Unique: true,
		Dists:   []Dist{{ID: "a 1.0", Requires: []string{"c==1.0"}}, {ID: "b 1.0", Requires: []string{"c==2.0"}}, {ID: "c 1.0"}, {ID: "c 2.0"}},
		Explain: []string{"a 1.0 depends on c==1.0", "b 1.0 depends on c==2.0"}},
	{Name: "an unknown package", Root: []string{"a"}, Unique: true,
		Dists:   []Dist{{ID: "a 1.0", Requires: []string{"nope"}}},
		Explain: []string{`package "nope" not found`, "a 1.0 depends on nope"}},
	{Name: "a wheel only for aarch64", Root: []string{"a"}, Unique: true,
		Dists:   []Dist{{ID: "a 1.0", Tags: "cp311-cp311-manylinux_2_17_aarch64"}},
		Explain: []string{"none of its 1 wheels fits CPython 3.11.2 on x86_64"}},
	{Name: "the index 404s for one name", Root: []string{"a"}, Unique: true,
		Dists: []Dist{{ID: "a 2.0", Requires: []string{"b"}}, {ID: "a 1.0"}, {ID: "b 1.0"}}, Index: []pyindex.Option{pyindex.NotFound("b")},
		Want: "a==1.0"},
	{Name: "metadata that names another version", Root: []string{"a"},
		Dists: []Dist{{ID: "a 2.0"}, {ID: "a 1.0"}},
		Index: []pyindex.Option{pyindex.WrongMetadata("a-2.0-py3-none-any.whl", []byte("Metadata-Version: 2.1\nName: a\nVersion: 9.9\n"))},
		Want:  "a==1.0"},
	{Name: "requires-python nothing fits", Root: []string{"a"}, Unique: true,
		Dists:   []Dist{{ID: "a 2.0", RequiresPython: ">=3.12"}},
		Explain: []string{"a 2.0 depends on Python>=3.12", "only Python 3.11.2 exists"}},
}

// Serve writes the scenario's wheels and serves them with PEP 658
// metadata, yanked files and the scenario's faults.
func Serve(t testing.TB, s Scenario) *pyindex.Server {
	t.Helper()
	dir := t.TempDir()
	opts := s.Index
	for _, d := range s.Dists {
		name, version, _ := strings.Cut(d.ID, " ")
		w := wheels.Wheel{Name: name, Version: version, Tags: d.Tags,
			Files: []wheels.File{{Path: strings.ReplaceAll(pep503.Normalize(name), "-", "_") + "/__init__.py", Content: []byte("")}}}
		for _, r := range d.Requires {
			w.Metadata = append(w.Metadata, "Requires-Dist: "+r)
		}
		for extra, rs := range d.Extras {
			w.Metadata = append(w.Metadata, "Provides-Extra: "+extra)
			for _, r := range rs {
				w.Metadata = append(w.Metadata, "Requires-Dist: "+r+` ; extra == "`+extra+`"`)
			}
		}
		if d.RequiresPython != "" {
			w.Metadata = append(w.Metadata, "Requires-Python: "+d.RequiresPython)
		}
		file, _, err := wheels.Write(dir, w)
		if err != nil {
			t.Fatal(err)
		}
		if d.Yanked {
			opts = append(opts, pyindex.Yank(filepath.Base(file), "broken"))
		}
	}
	return pyindex.Serve(t, dir, opts...)
}

// Pip asks pip for s's resolution from indexURL (wheels only, CPython 3.11
// on manylinux x86_64, pip install --dry-run --report) and returns its
// pins as Want writes them, or "" when pip finds none. Under CI a
// python3 without pip is a failure.
func Pip(t testing.TB, indexURL string, s Scenario) string {
	t.Helper()
	python := pipPython(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := t.TempDir()
	report := filepath.Join(dir, "report.json")
	args := append([]string{"-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet", "--no-cache-dir", "--disable-pip-version-check",
		"--report", report, "--only-binary=:all:", "--python-version", "3.11", "--platform", "manylinux_2_17_x86_64",
		"--implementation", "cp", "--abi", "cp311", "--target", filepath.Join(dir, "target"), "--index-url", indexURL}, s.Root...)
	cmd := exec.CommandContext(ctx, python, args...)
	cmd.Env = append(os.Environ(), "PIP_BREAK_SYSTEM_PACKAGES=1", "PIP_CONFIG_FILE=/dev/null")
	out, err := cmd.CombinedOutput()
	if err != nil {
		if !strings.Contains(string(out), "ERROR:") {
			t.Fatalf("pip %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return ""
	}
	b, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Install []struct {
			Metadata struct{ Name, Version string }
		}
	}
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("pip's report: %v", err)
	}
	var pins []string
	for _, i := range r.Install {
		pins = append(pins, pep503.Normalize(i.Metadata.Name)+"=="+i.Metadata.Version)
	}
	slices.Sort(pins)
	return strings.Join(pins, " ")
}

var (
	pipOnce  sync.Once
	pipPy    string
	pipPyErr error
)

// pipPython is the real interpreter that has pip, found once through
// python3 on PATH. pip runs as "<it> -m pip": a pyenv shim would run
// "pyenv rehash" after every "pip install", and parallel tests then race
// on its lock.
func pipPython(t testing.TB) string {
	t.Helper()
	tools.Require(t, "python3")
	pipOnce.Do(func() {
		out, err := exec.Command("python3", "-c", "import sys, pip; print(sys.executable)").Output()
		if err != nil {
			pipPyErr = fmt.Errorf("python3 has no pip module (install python3-pip): %w", err)
			return
		}
		pipPy = strings.TrimSpace(string(out))
	})
	if pipPyErr != nil {
		tools.Unavailable(t, "%v", pipPyErr)
	}
	return pipPy
}
