package project

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"reflect"
	"testing"
)

func TestLoad(t *testing.T) {
	tests := []struct {
		name    string
		tree    map[string]string
		want    Project // Dir and Git are not compared
		wantErr string
	}{{
		name: "empty directory",
		tree: map[string]string{},
	}, {
		name: "full project",
		tree: map[string]string{
			"pyproject.toml": `[project]
name = "hello"
version = "1.2.3"
requires-python = ">=3.11"
[project.scripts]
hello = "hello.cli:main"
[tool.pyko]
base = "cgr.dev/chainguard/wolfi-base"
[tool.ruff]
line-length = 100
`,
			".python-version": "# pinned\n3.12\n",
		},
		want: Project{
			Name: "hello", Version: "1.2.3", RequiresPython: ">=3.11", PythonVersion: "3.12",
			Scripts: map[string]string{"hello": "hello.cli:main"},
			Tool:    map[string]any{"base": "cgr.dev/chainguard/wolfi-base"},
		},
	}, {
		name:    "bad toml names file and line",
		tree:    map[string]string{"pyproject.toml": "[project]\nname = \"x\"\nversion = 1.2.3\n"},
		wantErr: "pyproject.toml: line 3, column",
	}, {
		name:    "scripts not a table",
		tree:    map[string]string{"pyproject.toml": "[project]\nscripts = \"x\"\n"},
		wantErr: "[project.scripts] must be a table, got string",
	}, {
		name:    "pyproject is a directory",
		tree:    map[string]string{"pyproject.toml/": ""},
		wantErr: "reading ",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, tt.tree)
			p, err := Load(context.Background(), dir)
			errorContains(t, err, tt.wantErr)
			if err != nil {
				return
			}
			if p.Dir != dir {
				t.Errorf("Dir = %q, want %q", p.Dir, dir)
			}
			got := *p
			got.Dir, got.Git = "", nil
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Load() = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestLoadDirErrors(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"file": "x"})

	missing := filepath.Join(dir, "nope")
	_, err := Load(context.Background(), missing)
	errorContains(t, err, `project directory "`+missing+`" does not exist`)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("errors.Is(%v, fs.ErrNotExist) = false", err)
	}

	_, err = Load(context.Background(), filepath.Join(dir, "file"))
	errorContains(t, err, "is not a directory")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = Load(ctx, dir)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Load(canceled) = %v, want context.Canceled", err)
	}
}

func TestLoadRelativeDir(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	p, err := Load(context.Background(), ".")
	if err != nil {
		t.Fatal(err)
	}
	if !filepath.IsAbs(p.Dir) {
		t.Errorf("Dir = %q, want an absolute path", p.Dir)
	}
}
