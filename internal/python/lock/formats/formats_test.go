package formats

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/python/lock"
)

// Small valid lockfiles of every format, and the pyproject.toml uv.lock
// and poetry.lock need.
const (
	pyproject  = "[project]\nname = \"app\"\nversion = \"1.0\"\ndependencies = [\"flask\"]\n"
	pylockTOML = "lock-version = \"1.0\"\ncreated-by = \"test\"\n\n[[packages]]\nname = \"flask\"\nversion = \"3.0.3\"\n" +
		"wheels = [{ url = \"https://files.example/flask-3.0.3-py3-none-any.whl\", hashes = { sha256 = \"" + sha + "\" } }]\n"
	uvLock = "version = 1\nrequires-python = \">=3.10\"\n\n" +
		"[[package]]\nname = \"app\"\nversion = \"1.0\"\nsource = { editable = \".\" }\ndependencies = [{ name = \"flask\" }]\n\n" +
		"[[package]]\nname = \"flask\"\nversion = \"3.0.3\"\nsource = { registry = \"https://pypi.org/simple\" }\n"
	poetryLock = "[[package]]\nname = \"flask\"\nversion = \"3.0.3\"\ndescription = \"\"\noptional = false\npython-versions = \">=3.8\"\n" +
		"files = [{ file = \"flask-3.0.3-py3-none-any.whl\", hash = \"sha256:" + sha + "\" }]\n\n" +
		"[metadata]\nlock-version = \"2.1\"\npython-versions = \">=3.10\"\ncontent-hash = \"x\"\n"
	pipfileLock = `{"_meta": {"sources": [{"name": "pypi", "url": "https://pypi.org/simple", "verify_ssl": true}], "pipfile-spec": 6, "requires": {}, "hash": {"sha256": "x"}},
 "default": {"flask": {"hashes": ["sha256:` + sha + `"], "version": "==3.0.3"}}, "develop": {}}`
	requirementsTXT = "flask==3.0.3\n"
	sha             = "0000000000000000000000000000000000000000000000000000000000000001"
)

func TestRegistry(t *testing.T) {
	r := Registry()
	if got, want := strings.Join(r.Names(), ", "), "pylock.toml, pylock.*.toml, uv.lock, poetry.lock, Pipfile.lock, requirements.txt, requirements.in"; got != want {
		t.Errorf("Names() = %s, want %s", got, want)
	}
}

func TestOpen(t *testing.T) {
	tests := []struct {
		name, path, content string
		noPyproject         bool
		want                string // the reader's type, or the error
	}{
		{name: "pylock.toml", path: "pylock.toml", content: pylockTOML, want: "*pylock.File"},
		{name: "named pylock", path: "pylock.dev.toml", content: pylockTOML, want: "*pylock.File"},
		{name: "uv.lock", path: "uv.lock", content: uvLock, want: "*uvlock.File"},
		{name: "poetry.lock", path: "poetry.lock", content: poetryLock, want: "*poetry.File"},
		{name: "Pipfile.lock", path: "Pipfile.lock", content: pipfileLock, want: "*pipfile.File"},
		{name: "requirements.txt", path: "requirements.txt", content: requirementsTXT, want: "*requirements.File"},
		{name: "odd requirements name", path: "requirements-prod.txt", content: requirementsTXT, want: "*requirements.File"},
		{name: "requirements .in in a folder", path: "reqs/base.in", content: requirementsTXT, want: "*requirements.File"},
		{name: "not a pylock name", path: "pylock-dev.toml", content: requirementsTXT, want: "*requirements.File"},
		{name: "a reader's error", path: "uv.lock", content: "version = 2\n", want: "uv.lock version 2 is newer than this pyko reads"},
		{name: "poetry.lock without a pyproject", path: "poetry.lock", content: poetryLock, noPyproject: true,
			want: "reading DIR/poetry.lock: poetry.lock needs the project's pyproject.toml"},
		{name: "missing", path: "poetry.lock", want: "lockfile DIR/poetry.lock: no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			py := filepath.Join(dir, "pyproject.toml")
			writeFile(t, py, pyproject)
			path := filepath.Join(dir, tt.path)
			if tt.content != "" {
				writeFile(t, path, tt.content)
			}
			if tt.noPyproject {
				py = ""
			}
			lf, err := Registry().Open(context.Background(), lock.Input{Path: path, Pyproject: py})
			got := fmt.Sprintf("%T", lf)
			if err != nil {
				got = strings.ReplaceAll(err.Error(), dir, "DIR")
			} else if lf.Path() != path {
				t.Errorf("Path() = %s, want %s", lf.Path(), path)
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("Open(%s) = %s, want %s", tt.path, got, tt.want)
			}
		})
	}
}

func TestOpenMissingIsNotExist(t *testing.T) {
	_, err := Registry().Open(context.Background(), lock.Input{Path: filepath.Join(t.TempDir(), "uv.lock")})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open(missing) error %v is not fs.ErrNotExist", err)
	}
}

func TestFind(t *testing.T) {
	all := []string{"requirements.txt", "Pipfile.lock", "poetry.lock", "uv.lock", "pylock.toml"}
	tests := []struct {
		name    string
		present []string
		want    string // "" for none
	}{
		{"all five", all, "pylock.toml"},
		{"no pylock.toml", all[:4], "uv.lock"},
		{"no uv.lock", all[:3], "poetry.lock"},
		{"no poetry.lock", all[:2], "Pipfile.lock"},
		{"requirements.txt alone", all[:1], "requirements.txt"},
		{"requirements.txt and uv.lock", []string{"requirements.txt", "uv.lock"}, "uv.lock"},
		{"a named pylock is not searched", []string{"pylock.dev.toml", "requirements.txt"}, "requirements.txt"},
		{"odd requirements names are not searched", []string{"requirements-prod.txt", "base.in"}, ""},
		{"requirements.in, to be resolved, when nothing locks", []string{"requirements.in"}, "requirements.in"},
		{"requirements.txt before requirements.in", []string{"requirements.in", "requirements.txt"}, "requirements.txt"},
		{"nothing", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, n := range tt.present {
				writeFile(t, filepath.Join(dir, n), "")
			}
			got, err := Registry().Find(dir)
			if err != nil {
				t.Fatal(err)
			}
			if tt.want != "" {
				tt.want = filepath.Join(dir, tt.want)
			}
			if got != tt.want {
				t.Errorf("Find() = %q, want %q", got, tt.want)
			}
		})
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
