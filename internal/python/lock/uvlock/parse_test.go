package uvlock

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep508"
)

func TestParseErrors(t *testing.T) {
	const head = "version = 1\nrevision = 3\nrequires-python = \">=3.10\"\n"
	const pkg = "[[package]]\nname = \"app\"\nversion = \"1.0\"\nsource = { editable = \".\" }\n"
	tests := []struct {
		name, toml, wantErr string
	}{
		{"newer version", "version = 2\n", "uv.lock version 2 is newer than this pyko reads (version 1): upgrade pyko, or run `uv export --format pylock.toml -o pylock.toml`"},
		{"no version", "revision = 3\n", "no version: this is not a uv.lock written by uv"},
		{"bad toml", head + "[[package]\n", "parsing uv.lock line 4"},
		{"version as a string", "version = \"1\"\n", "parsing uv.lock"},
		{"bad requires-python", "version = 1\nrequires-python = \">=x\"\n", `requires-python ">=x"`},
		{"two sources", head + "[[package]]\nname = \"a\"\nversion = \"1\"\nsource = { registry = \"https://pypi.org/simple\", git = \"https://g\" }\n",
			"package a 1 has 2 sources, want exactly one"},
		{"unlocked dependency", head + pkg + "dependencies = [{ name = \"missing\" }]\n",
			"package app 1.0 dependencies: dependency missing is not locked"},
		{"version not locked", head + pkg + "dependencies = [{ name = \"a\", version = \"2\" }]\n" +
			"[[package]]\nname = \"a\"\nversion = \"1\"\nsource = { registry = \"https://pypi.org/simple\" }\n",
			"dependency a is not locked"},
		{"bad marker", head + pkg + "dependencies = [{ name = \"app\", marker = \"python_version <<< '3'\" }]\n",
			"parsing the marker of app"},
		{"bad hash", head + "[[package]]\nname = \"a\"\nversion = \"1\"\nsource = { registry = \"https://pypi.org/simple\" }\n" +
			"wheels = [{ url = \"https://x/a-1-py3-none-any.whl\", hash = \"sha256:zz\" }]\n",
			`file a-1-py3-none-any.whl: hash "sha256:zz" is not 64 hex digits`},
		{"no project", head + "[[package]]\nname = \"a\"\nversion = \"1\"\nsource = { registry = \"https://pypi.org/simple\" }\n",
			"the lock names no project and no workspace member"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parse("uv.lock", []byte(tt.toml), rootSpec{})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("parse() error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestParseUnknownVersionFile(t *testing.T) {
	_, err := Parse(filepath.Join("testdata", "badversion", "uv.lock"), "")
	if err == nil || !strings.Contains(err.Error(), filepath.Join("testdata", "badversion", "uv.lock")+": uv.lock version 2") {
		t.Fatalf("Parse() error = %v, want one naming the file and the version", err)
	}
}

func TestParseProjectNotLocked(t *testing.T) {
	dir := t.TempDir()
	pyproject := filepath.Join(dir, "pyproject.toml")
	if err := os.WriteFile(pyproject, []byte("[project]\nname = \"other\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Parse(filepath.Join("testdata", "project", "uv.lock"), pyproject)
	if err == nil || !strings.Contains(err.Error(), "the project other is not in the lock: run `uv lock`") {
		t.Fatalf("Parse() error = %v", err)
	}
}

func FuzzParse(f *testing.F) {
	for _, d := range []string{"project", "workspace", "conflicts", "badversion"} {
		data, err := os.ReadFile(filepath.Join("testdata", d, "uv.lock"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	env := pep508.LinuxCPython("3.12.4", "x86_64")
	f.Fuzz(func(t *testing.T, data []byte) {
		lf, err := parse("uv.lock", data, rootSpec{})
		if err != nil {
			return
		}
		lf.Indexes()
		_, _ = lf.Select(env, lock.Options{})
	})
}
