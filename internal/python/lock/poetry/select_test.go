package poetry

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep508"
)

func TestSelect(t *testing.T) {
	x86 := pep508.LinuxCPython("3.12.4", "x86_64")
	py311 := pep508.LinuxCPython("3.11.9", "aarch64")
	py313 := pep508.LinuxCPython("3.13.1", "x86_64")
	const main312 = "asgiref==3.8.1 bcrypt==4.2.0 cachetools==5.3.3 certifi==2024.7.4 django==5.0.6 idna==3.7 localwheel==1.0 requests==2.32.3 sqlparse==0.5.1 urllib3==2.2.2 uvloop==0.19.0"
	tests := []struct {
		name    string
		dir     string
		env     pep508.Environment
		opts    lock.Options
		want    string
		wantErr string
	}{{
		name: "main: extras on an edge, markers, one of two locked versions",
		dir:  "project", env: x86,
		want: main312,
	}, {
		name: "an older Python takes the other urllib3 (constraint with python key)",
		dir:  "project", env: py311,
		want: "asgiref==3.8.1 bcrypt==4.2.0 cachetools==5.3.3 certifi==2024.7.4 django==5.0.6 idna==3.7 localwheel==1.0 requests==2.32.3 sqlparse==0.5.1 urllib3==1.26.19 uvloop==0.19.0",
	}, {
		name: "a newer Python takes the newer cachetools (python-versions, then highest)",
		dir:  "project", env: py313,
		want: strings.Replace(main312, "cachetools==5.3.3", "cachetools==6.0.0", 1),
	}, {
		name: "project extra propagates psycopg[binary]",
		dir:  "project", env: x86, opts: lock.Options{Extras: []string{"PG"}},
		want: "asgiref==3.8.1 bcrypt==4.2.0 cachetools==5.3.3 certifi==2024.7.4 django==5.0.6 idna==3.7 localwheel==1.0 psycopg==3.2.1 psycopg-binary==3.2.1 requests==2.32.3 sqlparse==0.5.1 typing-extensions==4.12.2 urllib3==2.2.2 uvloop==0.19.0",
	}, {
		name: "an extra that names the project's own extra",
		dir:  "project", env: x86, opts: lock.Options{Extras: []string{"all"}},
		want: "asgiref==3.8.1 bcrypt==4.2.0 cachetools==5.3.3 certifi==2024.7.4 django==5.0.6 idna==3.7 localwheel==1.0 psycopg==3.2.1 psycopg-binary==3.2.1 requests==2.32.3 sqlparse==0.5.1 typing-extensions==4.12.2 urllib3==2.2.2 uvloop==0.19.0",
	}, {
		name: "tool.poetry group",
		dir:  "project", env: x86, opts: lock.Options{Groups: []string{"dev"}},
		want: strings.Replace(main312, "localwheel==1.0 ", "localwheel==1.0 pytest==8.3.2 ", 1),
	}, {
		name: "PEP 735 group with include-group, from a named index",
		dir:  "project", env: x86, opts: lock.Options{Groups: []string{"docs"}},
		want: strings.Replace(main312, "localwheel==1.0 ", "localwheel==1.0 mkdocs==1.6.0 mypy==1.11.0 ", 1),
	}, {
		name: "unknown extra", dir: "project", env: x86, opts: lock.Options{Extras: []string{"mysql"}},
		wantErr: `the project has no extra "mysql" (it has: all, pg)`,
	}, {
		name: "unknown group", dir: "project", env: x86, opts: lock.Options{Groups: []string{"lint"}},
		wantErr: `the project has no dependency group "lint" (it has: dev, docs, typing, vcs)`,
	}, {
		name: "python outside the lock's", dir: "project", env: pep508.LinuxCPython("3.9.18", "x86_64"),
		wantErr: "the lock is for Python >=3.10,<4 and the target has 3.9.18",
	}, {
		name: "lock-version 1.1: python and platform keys, two-number python clauses",
		dir:  "legacy", env: x86,
		want: "backport==1.0 click==8.1.3 six==1.16.0",
	}, {
		name: "lock-version 1.1 on 3.13: >3.12 holds, <=3.12 does not",
		dir:  "legacy", env: py313,
		want: "click==8.1.3 newer==2.0 six==1.16.0",
	}, {
		name: "lock-version 1.1 extra from [tool.poetry.extras]",
		dir:  "legacy", env: x86, opts: lock.Options{Extras: []string{"sentry"}},
		want: "backport==1.0 certifi==2022.5.18.1 click==8.1.3 sentry-sdk==1.5.12 six==1.16.0 urllib3==1.26.9",
	}, {
		name: "lock-version 1.1 dev-dependencies are the dev group",
		dir:  "legacy", env: x86, opts: lock.Options{Groups: []string{"dev"}},
		want: "backport==1.0 black==22.3.0 click==8.1.3 six==1.16.0",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustParse(t, tt.dir)
			got, err := f.Select(tt.env, tt.opts)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Select() error = %v, want one containing %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "secret") {
					t.Errorf("error leaks a credential: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Select(): %v", err)
			}
			if s := pins(got); s != tt.want {
				t.Errorf("Select() =\n %s\nwant\n %s", s, tt.want)
			}
		})
	}
}

func TestSelectFiles(t *testing.T) {
	f := mustParse(t, "project")
	got, err := f.Select(pep508.LinuxCPython("3.12.4", "x86_64"), lock.Options{Groups: []string{"typing"}})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]lock.Package{}
	for _, p := range got {
		byName[p.Name] = p
	}
	abs, err := filepath.Abs(filepath.Join("testdata", "project", "wheels", "localwheel-1.0-py3-none-any.whl"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		pkg   string
		index string
		files []lock.File
	}{
		{"django", "", []lock.File{{Filename: "Django-5.0.6-py3-none-any.whl", SHA256: sum(7)}}},
		{"asgiref", "", []lock.File{
			{Filename: "asgiref-3.8.1-py3-none-any.whl", SHA256: sum(1)},
			{Filename: "asgiref-3.8.1.tar.gz", SHA256: sum(2)},
		}},
		{"mypy", "https://pypi.private.example/simple", []lock.File{{Filename: "mypy-1.11.0-py3-none-any.whl", SHA256: sum(11)}}},
		{"localwheel", "", []lock.File{{Filename: "localwheel-1.0-py3-none-any.whl", URL: "file://" + filepath.ToSlash(abs), SHA256: sum(9)}}},
	}
	for _, tt := range tests {
		p, ok := byName[tt.pkg]
		if !ok {
			t.Errorf("%s not selected", tt.pkg)
			continue
		}
		if p.Index != tt.index {
			t.Errorf("%s Index = %q, want %q", tt.pkg, p.Index, tt.index)
		}
		if fmt.Sprint(p.Files) != fmt.Sprint(tt.files) {
			t.Errorf("%s Files = %+v, want %+v", tt.pkg, p.Files, tt.files)
		}
		if want := "poetry.lock package " + p.Name + " " + p.Version; p.Source != want {
			t.Errorf("%s Source = %q, want %q", tt.pkg, p.Source, want)
		}
	}
	if !f.RequireHashes() {
		t.Error("RequireHashes() = false for a lock with hashes")
	}
	if ix := f.Indexes(); ix.IndexURL != "" || fmt.Sprint(ix.ExtraIndexURLs) != "[https://pypi.private.example/simple]" {
		t.Errorf("Indexes() = %+v, want PyPI plus the supplemental source", ix)
	}
}

// TestLegacyFiles checks lock-version 1.x's [metadata.files], where a
// non-sha256 hash is kept as no hash.
func TestLegacyFiles(t *testing.T) {
	f := mustParse(t, "legacy")
	got, err := f.Select(pep508.LinuxCPython("3.12.4", "x86_64"), lock.Options{Extras: []string{"sentry"}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"click":   "[{click-8.1.3-py3-none-any.whl  " + sum(4) + " map[] 0} {click-8.1.3.tar.gz  " + sum(5) + " map[] 0}]",
		"urllib3": "[{urllib3-1.26.9-py2.py3-none-any.whl   map[] 0}]",
		"six":     "[{six-1.16.0-py2.py3-none-any.whl  " + sum(12) + " map[] 0} {six-1.16.0.tar.gz  " + sum(13) + " map[] 0}]",
	}
	for _, p := range got {
		if w, ok := want[p.Name]; ok && fmt.Sprint(p.Files) != w {
			t.Errorf("%s Files = %v, want %v", p.Name, p.Files, w)
		}
	}
}

func mustParse(t *testing.T, dir string) *File {
	t.Helper()
	d := filepath.Join("testdata", dir)
	f, err := Parse(filepath.Join(d, "poetry.lock"), filepath.Join(d, "pyproject.toml"))
	if err != nil {
		t.Fatalf("Parse(%s): %v", dir, err)
	}
	return f
}

func pins(ps []lock.Package) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name+"=="+p.Version)
	}
	return strings.Join(out, " ")
}

// sum is the fixture hash written as $(H n): n as 64 decimal digits.
func sum(n int) string { return fmt.Sprintf("%064d", n) }

func TestSelectBuilt(t *testing.T) {
	f := mustParse(t, "project")
	got, err := f.Select(pep508.LinuxCPython("3.12.4", "x86_64"), lock.Options{Groups: []string{"vcs"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range got {
		if p.Name != "gitpkg" {
			continue
		}
		want := lock.Built{Kind: lock.BuiltGit, URL: "https://user:secret@git.example/gitpkg.git", Commit: "0123456789abcdef0123456789abcdef01234567"}
		if p.Built == nil || *p.Built != want {
			t.Errorf("gitpkg built %+v, want %+v", p.Built, want)
		}
		return
	}
	t.Errorf("gitpkg not selected: %v", got)
}

func TestGitURL(t *testing.T) {
	for in, want := range map[string]string{
		"git@github.com:python-poetry/poetry-core.git":     "ssh://git@github.com/python-poetry/poetry-core.git",
		"https://github.com/python-poetry/poetry-core.git": "https://github.com/python-poetry/poetry-core.git",
	} {
		if got := gitURL(in); got != want {
			t.Errorf("gitURL(%q) = %q, want %q", in, got, want)
		}
	}
}
