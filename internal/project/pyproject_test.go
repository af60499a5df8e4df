package project

import (
	"reflect"
	"strings"
	"testing"
)

func TestParsePyproject(t *testing.T) {
	tests := []struct {
		name    string
		doc     string
		want    pyproject
		wantErr string
	}{
		{name: "empty", doc: ""},
		{name: "no project table", doc: "[build-system]\nrequires = [\"hatchling\"]\n", want: pyproject{BuildRequires: []string{"hatchling"}}},
		{
			name: "dynamic version",
			doc:  "[project]\nname = \"x\"\ndynamic = [\"version\"]\n",
			want: pyproject{Name: "x", Dynamic: []string{"version"}},
		},
		{
			name: "scripts and tool.pyko",
			doc: `[project]
name = "app"
scripts = { serve = "app.server:main" }
[tool.pyko]
tags = ["latest"]
[tool.pyko.env]
PORT = "8080"
`,
			want: pyproject{
				Name:    "app",
				Scripts: map[string]string{"serve": "app.server:main"},
				Tool:    map[string]any{"tags": []any{"latest"}, "env": map[string]any{"PORT": "8080"}},
			},
		},
		{name: "syntax error", doc: "[project\n", wantErr: "line 1, column"},
		{name: "duplicate key", doc: "[project]\nname = \"a\"\nname = \"b\"\n", wantErr: "line 3"},
		{name: "project not a table", doc: "project = 1\n", wantErr: "[project] must be a table, got integer"},
		{name: "name not a string", doc: "[project]\nname = 1\n", wantErr: "[project] name must be a string, got integer"},
		{name: "version a float", doc: "[project]\nversion = 1.0\n", wantErr: "[project] version must be a string, got float"},
		{
			name:    "requires-python an array",
			doc:     "[project]\nrequires-python = [\">=3.11\"]\n",
			wantErr: "[project] requires-python must be a string, got array of strings",
		},
		{name: "scripts an array", doc: "[project]\nscripts = []\n", wantErr: "[project.scripts] must be a table, got empty array"},
		{
			name:    "script not a string",
			doc:     "[project.scripts]\nserve = { ref = \"x\" }\n",
			wantErr: `[project.scripts] "serve" must be a string, got table`,
		},
		{name: "tool not a table", doc: "tool = \"x\"\n", wantErr: "[tool] must be a table, got string"},
		{name: "tool.pyko not a table", doc: "[tool]\npyko = [1, \"a\"]\n", wantErr: "[tool.pyko] must be a table, got array of mixed types"},
		{name: "other tools ignored", doc: "[tool.poetry]\nname = 1\n[tool.black]\nx = [[1]]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parsePyproject([]byte(tt.doc))
			errorContains(t, err, tt.wantErr)
			if err == nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parsePyproject() = %#v, want %#v", got, tt.want)
			}
		})
	}
}

func FuzzParsePyproject(f *testing.F) {
	f.Add([]byte("[project]\nname = \"x\"\nversion = \"1\"\n[project.scripts]\na = \"b:c\"\n"))
	f.Add([]byte("[tool.pyko]\nbase = \"x\"\nentrypoint = [\"a\"]\nenv = { A = \"1\" }\n"))
	f.Add([]byte("[tool.pyko]\nunknown = 2020-01-01\ntags = [1, [2]]\n"))
	f.Add([]byte("project = [[1]]\n"))
	f.Add([]byte("[project.optional-dependencies]\nX_y = [\"a\"]\n[dependency-groups]\nt = [\"b\", {include-group = \"u\"}]\nu = [{include-group = \"t\"}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		pp, err := parsePyproject(data)
		if err != nil {
			return
		}
		// Whatever parses must also go through Config without panicking.
		p := &Project{Dir: "/fuzz", Tool: pp.Tool}
		if c, err := p.Config(); err == nil {
			_ = c.EntrypointSpec()
		}
	})
}

func TestExtrasAndGroups(t *testing.T) {
	pp, err := parsePyproject([]byte(`
[project]
name = "x"
[project.optional-dependencies]
Fast_IO = ["uvloop>=0.17"]
[dependency-groups]
Test = ["pytest>=8", {include-group = "lint"}]
lint = ["ruff"]
`))
	if err != nil {
		t.Fatal(err)
	}
	if got := pp.OptionalDependencies["Fast_IO"]; len(got) != 1 || got[0] != "uvloop>=0.17" {
		t.Errorf("optional-dependencies = %v", pp.OptionalDependencies)
	}
	if got := strings.Join(pp.DependencyGroups["test"], " "); got != "pytest>=8 ruff" {
		t.Errorf("group test = %q, want the include expanded", got)
	}
	for _, bad := range []string{
		"[dependency-groups]\na = [{include-group = \"b\"}]\nb = [{include-group = \"a\"}]\n",
		"[dependency-groups]\na = [{include-group = \"nope\"}]\n",
		"[dependency-groups]\na = [1]\n",
	} {
		if _, err := parsePyproject([]byte(bad)); err == nil || !strings.Contains(err.Error(), "[dependency-groups]") {
			t.Errorf("%q: err = %v, want one naming [dependency-groups]", bad, err)
		}
	}
}
