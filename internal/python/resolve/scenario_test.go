package resolve

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/testutil/pyindex"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
	"github.com/pyko-dev/pyko/internal/testutil/wheels"
)

// dist is one synthetic wheel of a scenario: "name version", what it
// requires, its Requires-Python, its tags (default py3-none-any), and
// whether the index has yanked it.
type dist struct {
	id             string
	requires       []string
	requiresPython string
	tags           string
	yanked         bool
	extras         map[string][]string
}

// scenario is a small world in the manner of packse's: the root's
// requirements, the wheels on the index, and what must come out — the
// pins ("a==1.0 b==2.0", sorted), or "" and words the explanation must
// hold. unique marks a scenario whose answer pip must give too.
type scenario struct {
	name    string
	root    []string
	dists   []dist
	want    string
	explain []string
	unique  bool
	// index are the index's faults.
	index []pyindex.Option
}

var scenarios = []scenario{
	{name: "transitive, newest first", root: []string{"a"}, unique: true,
		dists: []dist{{id: "a 1.0", requires: []string{"b>=1"}}, {id: "b 1.0"}, {id: "b 2.0"}},
		want:  "a==1.0 b==2.0"},
	{name: "backtracking two levels", root: []string{"a", "d"}, unique: true,
		dists: []dist{{id: "a 2.0", requires: []string{"b==2.0"}}, {id: "a 1.0", requires: []string{"b==1.0"}},
			{id: "b 2.0", requires: []string{"c==2.0"}}, {id: "b 1.0", requires: []string{"c==1.0"}},
			{id: "c 2.0"}, {id: "c 1.0"}, {id: "d 1.0", requires: []string{"c==1.0"}}},
		want: "a==1.0 b==1.0 c==1.0 d==1.0"},
	{name: "requires-python picks an older version", root: []string{"a"}, unique: true,
		dists: []dist{{id: "a 2.0", requiresPython: ">=3.12"}, {id: "a 1.0", requiresPython: ">=3.8"}},
		want:  "a==1.0"},
	{name: "pre-release not taken by default", root: []string{"a"}, unique: true,
		dists: []dist{{id: "a 1.0"}, {id: "a 2.0b1"}},
		want:  "a==1.0"},
	{name: "pre-release named by the specifier", root: []string{"a>=2.0b1"}, unique: true,
		dists: []dist{{id: "a 1.0"}, {id: "a 2.0b1"}},
		want:  "a==2.0b1"},
	{name: "a pre-release is not taken for a final-release specifier", root: []string{"a>1.0"}, unique: true,
		dists:   []dist{{id: "a 1.0"}, {id: "a 2.0b1"}},
		explain: []string{"depends on a>1.0"}},
	{name: "a package with only pre-releases", root: []string{"a"},
		dists: []dist{{id: "a 2.0b1"}, {id: "a 2.0a1"}},
		want:  "a==2.0b1"},
	{name: "yanked is skipped", root: []string{"a"}, unique: true,
		dists: []dist{{id: "a 1.0"}, {id: "a 2.0", yanked: true}},
		want:  "a==1.0"},
	{name: "yanked pinned with ==", root: []string{"a==2.0"}, unique: true,
		dists: []dist{{id: "a 1.0"}, {id: "a 2.0", yanked: true}},
		want:  "a==2.0"},
	{name: "an extra adds a dependency", root: []string{"a[fast]"}, unique: true,
		dists: []dist{{id: "a 1.0", extras: map[string][]string{"fast": {"b>=1"}}}, {id: "b 1.0"}, {id: "c 1.0"}},
		want:  "a==1.0 b==1.0"},
	{name: "markers per platform", root: []string{"a"}, unique: true,
		dists: []dist{{id: "a 1.0", requires: []string{"b; platform_machine == 'aarch64'", "c; platform_machine == 'x86_64'", "d; python_version < '3'"}},
			{id: "b 1.0"}, {id: "c 1.0"}, {id: "d 1.0"}},
		want: "a==1.0 c==1.0"},
	{name: "names are normalised", root: []string{"Foo_Bar"}, unique: true,
		dists: []dist{{id: "foo.bar 1.0", requires: []string{"Baz-Qux>=1"}}, {id: "baz_qux 1.0"}},
		want:  "baz-qux==1.0 foo-bar==1.0"},
	{name: "a cycle", root: []string{"a"}, unique: true,
		dists: []dist{{id: "a 1.0", requires: []string{"b"}}, {id: "b 1.0", requires: []string{"a"}}},
		want:  "a==1.0 b==1.0"},
	{name: "a conflict", root: []string{"a", "b"}, unique: true,
		dists:   []dist{{id: "a 1.0", requires: []string{"c==1.0"}}, {id: "b 1.0", requires: []string{"c==2.0"}}, {id: "c 1.0"}, {id: "c 2.0"}},
		explain: []string{"a 1.0 depends on c==1.0", "b 1.0 depends on c==2.0"}},
	{name: "an unknown package", root: []string{"a"}, unique: true,
		dists:   []dist{{id: "a 1.0", requires: []string{"nope"}}},
		explain: []string{`package "nope" not found`, "a 1.0 depends on nope"}},
	{name: "a wheel only for aarch64", root: []string{"a"}, unique: true,
		dists:   []dist{{id: "a 1.0", tags: "cp311-cp311-manylinux_2_17_aarch64"}},
		explain: []string{"none of its 1 wheels fits CPython 3.11.2 on x86_64"}},
	{name: "the index 404s for one name", root: []string{"a"}, unique: true,
		dists: []dist{{id: "a 2.0", requires: []string{"b"}}, {id: "a 1.0"}, {id: "b 1.0"}}, index: []pyindex.Option{pyindex.NotFound("b")},
		want: "a==1.0"},
	{name: "requires-python nothing fits", root: []string{"a"}, unique: true,
		dists:   []dist{{id: "a 2.0", requiresPython: ">=3.12"}},
		explain: []string{"a 2.0 depends on Python>=3.12", "only Python 3.11.2 exists"}},
}

// serveScenario writes the scenario's wheels and serves them.
func serveScenario(t *testing.T, s scenario) *pyindex.Server {
	t.Helper()
	dir := t.TempDir()
	opts := s.index
	for _, d := range s.dists {
		name, version, _ := strings.Cut(d.id, " ")
		w := wheels.Wheel{Name: name, Version: version, Tags: d.tags,
			Files: []wheels.File{{Path: strings.ReplaceAll(pep503.Normalize(name), "-", "_") + "/__init__.py", Content: []byte("")}}}
		for _, r := range d.requires {
			w.Metadata = append(w.Metadata, "Requires-Dist: "+r)
		}
		for extra, rs := range d.extras {
			w.Metadata = append(w.Metadata, "Provides-Extra: "+extra)
			for _, r := range rs {
				w.Metadata = append(w.Metadata, "Requires-Dist: "+r+` ; extra == "`+extra+`"`)
			}
		}
		if d.requiresPython != "" {
			w.Metadata = append(w.Metadata, "Requires-Python: "+d.requiresPython)
		}
		file, _, err := wheels.Write(dir, w)
		if err != nil {
			t.Fatal(err)
		}
		if d.yanked {
			opts = append(opts, pyindex.Yank(filepath.Base(file), "broken"))
		}
	}
	return pyindex.Serve(t, dir, opts...)
}

func TestScenarios(t *testing.T) {
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			idx := serveScenario(t, s)
			got, err := Resolve(context.Background(), Root{Name: "pyproject.toml", Requirements: reqs(t, s.root...)}, options(t, idx.IndexURL(), amd64))
			if s.want != "" {
				if err != nil {
					t.Fatal(err)
				}
				if names(got) != s.want {
					t.Errorf("resolved %s, want %s", names(got), s.want)
				}
			} else {
				if err == nil {
					t.Fatalf("resolved %s, want no solution", names(got))
				}
				for _, w := range s.explain {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("explanation lacks %q:\n%v", w, err)
					}
				}
			}
			if s.unique {
				checkPip(t, idx.IndexURL(), s)
			}
		})
	}
}

// checkPip asks pip for the same resolution (wheels only, CPython 3.11 on
// manylinux x86_64): where the answer is unique, pyko's must be pip's, and
// where there is none, pip must fail too.
func checkPip(t *testing.T, indexURL string, s scenario) {
	t.Helper()
	tools.Require(t, "pip3")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := t.TempDir()
	report := filepath.Join(dir, "report.json")
	args := append([]string{"install", "--dry-run", "--ignore-installed", "--quiet", "--no-cache-dir", "--disable-pip-version-check",
		"--report", report, "--only-binary=:all:", "--python-version", "3.11", "--platform", "manylinux_2_17_x86_64",
		"--implementation", "cp", "--abi", "cp311", "--target", filepath.Join(dir, "target"), "--index-url", indexURL}, s.root...)
	cmd := exec.CommandContext(ctx, "pip3", args...)
	cmd.Env = append(os.Environ(), "PIP_BREAK_SYSTEM_PACKAGES=1", "PIP_CONFIG_FILE=/dev/null")
	out, err := cmd.CombinedOutput()
	if s.want == "" {
		if err == nil {
			t.Errorf("pip resolved a scenario pyko finds unsatisfiable:\n%s", out)
		}
		return
	}
	if err != nil {
		t.Fatalf("pip %s: %v\n%s", strings.Join(args, " "), err, out)
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
	if got := strings.Join(pins, " "); got != s.want {
		t.Errorf("pip resolved %s, pyko %s", got, s.want)
	}
}

// TestPreferKeepsPins: a lock's pin is tried first and kept while it
// fits; a requirement it no longer meets moves it.
func TestPreferKeepsPins(t *testing.T) {
	s := scenario{dists: []dist{{id: "a 1.0"}, {id: "a 2.0"}, {id: "b 1.0"}, {id: "b 2.0"}}}
	idx := serveScenario(t, s)
	for _, tc := range []struct {
		root []string
		want string
	}{
		{[]string{"a", "b"}, "a==1.0 b==1.0"},
		{[]string{"a>=2", "b"}, "a==2.0 b==1.0"},
	} {
		o := options(t, idx.IndexURL(), amd64)
		o.Prefer = map[string]string{"a": "1.0", "b": "1.0"}
		got, err := Resolve(context.Background(), Root{Name: "pyproject.toml", Requirements: reqs(t, tc.root...)}, o)
		if err != nil || names(got) != tc.want {
			t.Errorf("%v with pins a 1.0, b 1.0: %s, %v; want %s", tc.root, names(got), err, tc.want)
		}
	}
}
