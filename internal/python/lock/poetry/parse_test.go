package poetry

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep508"
)

func TestParseErrors(t *testing.T) {
	const meta = "[metadata]\nlock-version = \"2.1\"\npython-versions = \">=3.10\"\n"
	const pyproject = "[project]\nname = \"app\"\ndependencies = [\"a\"]\n"
	tests := []struct {
		name, lock, pyproject, wantErr string
	}{
		{"no lock-version", "[metadata]\ncontent-hash = \"x\"\n", pyproject, "no [metadata] lock-version"},
		{"bad toml", meta + "[[package]\n", pyproject, "parsing poetry.lock line 4"},
		{"bad python-versions", "[metadata]\nlock-version = \"2.0\"\npython-versions = \"^x\"\n", pyproject, "[metadata] python-versions"},
		{"package without version", meta + "[[package]]\nname = \"a\"\n", pyproject, "package a: a [[package]] lacks a name or a version"},
		{"bad dependency constraint", meta + "[[package]]\nname = \"a\"\nversion = \"1\"\n[package.dependencies]\nb = \">=x\"\n", pyproject,
			"package a: dependency b"},
		{"bad dependency shape", meta + "[[package]]\nname = \"a\"\nversion = \"1\"\n[package.dependencies]\nb = 3\n", pyproject,
			"dependency b: unexpected int64"},
		{"bad markers", meta + "[[package]]\nname = \"a\"\nversion = \"1\"\nmarkers = \"os_name ==\"\n", pyproject, "parsing markers"},
		{"bad extra requirement", meta + "[[package]]\nname = \"a\"\nversion = \"1\"\n[package.extras]\nx = [\"-bad\"]\n", pyproject, "extra x: parsing"},
		{"bad hash", meta + "[[package]]\nname = \"a\"\nversion = \"1\"\nfiles = [{file = \"a-1.tar.gz\", hash = \"sha256:00\"}]\n", pyproject,
			`file a-1.tar.gz: hash "sha256:00" is not 64 hex digits`},
		{"bad project requirement", meta, "[project]\nname = \"app\"\ndependencies = [\"a >>> 1\"]\n", "pyproject.toml [project] dependencies"},
		{"group includes itself", meta, "[dependency-groups]\na = [{include-group = \"A\"}]\n", "group a includes itself"},
		{"unknown include-group", meta, "[dependency-groups]\na = [{include-group = \"b\"}]\n", `include-group "b": no such group`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parse("poetry.lock", []byte(tt.lock), "pyproject.toml", []byte(tt.pyproject))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("parse() error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestParseUnknownVersionFile(t *testing.T) {
	d := filepath.Join("testdata", "badversion")
	_, err := Parse(filepath.Join(d, "poetry.lock"), filepath.Join(d, "pyproject.toml"))
	want := filepath.Join(d, "poetry.lock") + ": poetry.lock lock-version 3.0 is newer than this pyko reads (1.x and 2.x): upgrade pyko, or export"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("Parse() error = %v, want one containing %q", err, want)
	}
}

func TestParseNeedsPyproject(t *testing.T) {
	_, err := Parse(filepath.Join("testdata", "project", "poetry.lock"), filepath.Join(t.TempDir(), "pyproject.toml"))
	if err == nil || !strings.Contains(err.Error(), "reading pyproject.toml for") {
		t.Fatalf("Parse() error = %v", err)
	}
}

func FuzzParse(f *testing.F) {
	for _, d := range []string{"project", "legacy", "badversion"} {
		data, err := os.ReadFile(filepath.Join("testdata", d, "poetry.lock"))
		if err != nil {
			f.Fatal(err)
		}
		pyproject, err := os.ReadFile(filepath.Join("testdata", d, "pyproject.toml"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, pyproject)
	}
	env := pep508.LinuxCPython("3.12.4", "x86_64")
	f.Fuzz(func(t *testing.T, data, pyproject []byte) {
		lf, err := parse("poetry.lock", data, "pyproject.toml", pyproject)
		if err != nil {
			return
		}
		_, _ = lf.Select(env, lock.Options{})
	})
}
