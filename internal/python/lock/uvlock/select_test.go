package uvlock

import (
	"fmt"
	"maps"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep508"
)

func TestSelect(t *testing.T) {
	x86 := pep508.LinuxCPython("3.12.4", "x86_64")
	arm := pep508.LinuxCPython("3.12.4", "aarch64")
	py311 := pep508.LinuxCPython("3.11.9", "x86_64")
	darwin := maps.Clone(arm)
	darwin["sys_platform"], darwin["platform_machine"] = "darwin", "arm64"
	tests := []struct {
		name    string
		dir     string
		env     pep508.Environment
		opts    lock.Options
		want    string // "name==version ..." sorted, or "" when wantErr
		wantErr string
	}{{
		name: "main dependencies, extras on an edge, markers by machine",
		dir:  "project", env: x86,
		want: "asgiref==3.8.1 click==8.1.7 fastlib==0.3.0 flask==3.0.3 localwheel==2.0.0 numpy==2.1.0 urlwheel==0.9 werkzeug==3.0.4",
	}, {
		name: "aarch64 skips the x86_64-only dependency",
		dir:  "project", env: arm,
		want: "asgiref==3.8.1 click==8.1.7 flask==3.0.3 localwheel==2.0.0 numpy==2.1.0 urlwheel==0.9 werkzeug==3.0.4",
	}, {
		name: "an older Python takes the other numpy",
		dir:  "project", env: py311,
		want: "asgiref==3.8.1 click==8.1.7 fastlib==0.3.0 flask==3.0.3 localwheel==2.0.0 numpy==1.26.4 urlwheel==0.9 werkzeug==3.0.4",
	}, {
		name: "project extra propagates psycopg[binary]",
		dir:  "project", env: arm, opts: lock.Options{Extras: []string{"Postgres"}},
		want: "asgiref==3.8.1 click==8.1.7 flask==3.0.3 localwheel==2.0.0 numpy==2.1.0 psycopg==3.2.1 psycopg-binary==3.2.1 urlwheel==0.9 werkzeug==3.0.4",
	}, {
		name: "an empty declared extra and a group",
		dir:  "project", env: arm, opts: lock.Options{Extras: []string{"empty"}, Groups: []string{"dev"}},
		want: "asgiref==3.8.1 click==8.1.7 flask==3.0.3 localwheel==2.0.0 numpy==2.1.0 pytest==8.3.2 urlwheel==0.9 werkzeug==3.0.4",
	}, {
		name: "unknown extra", dir: "project", env: x86, opts: lock.Options{Extras: []string{"nope"}},
		wantErr: `no extra "nope" for the project (it has: empty, postgres)`,
	}, {
		name: "unknown group", dir: "project", env: x86, opts: lock.Options{Groups: []string{"docs"}},
		wantErr: `no dependency group "docs" for the project (it has: dev, vcs)`,
	}, {
		name: "requires-python", dir: "project", env: pep508.LinuxCPython("3.9.18", "x86_64"),
		wantErr: "the lock requires Python >=3.10 and the target has 3.9.18",
	}, {
		name: "workspace members are built from their directories",
		dir:  "workspace", env: x86,
		want: "api==0.1.0 attrs==24.2.0 core==0.1.0 requests==2.32.3",
	}, {
		name: "workspace root group",
		dir:  "workspace", env: x86, opts: lock.Options{Groups: []string{"lint"}},
		want: "api==0.1.0 attrs==24.2.0 core==0.1.0 requests==2.32.3 ruff==0.6.0",
	}, {
		name: "a name-only requirement settled by resolution-markers",
		dir:  "workspace", env: arm, opts: lock.Options{Groups: []string{"tools"}},
		want: "api==0.1.0 attrs==24.2.0 core==0.1.0 requests==2.32.3 tool==1.1",
	}, {
		name: "resolution-markers that overlap", dir: "workspace", env: x86, opts: lock.Options{Groups: []string{"overlap"}},
		wantErr: "needs twice, and several versions match (twice 1.0, twice 2.0)",
	}, {
		name: "resolution-markers that exclude the target", dir: "workspace", env: x86, opts: lock.Options{Groups: []string{"nomatch"}},
		wantErr: "needs maconly, and none of its versions is locked for Python 3.12.4 on linux x86_64",
	}, {
		name: "an editable project outside the workspace", dir: "workspace", env: x86, opts: lock.Options{Groups: []string{"ext"}},
		want: "api==0.1.0 attrs==24.2.0 core==0.1.0 extlib==1.0 requests==2.32.3",
	}, {
		name: "one name reached at two versions", dir: "workspace", env: x86, opts: lock.Options{Groups: []string{"clash"}},
		wantErr: "both twice 1.0 (from api group clash) and twice 2.0 (from api group clash) are selected",
	}, {
		name: "outside the supported environments", dir: "workspace", env: darwin,
		wantErr: "the lock was resolved only for its [tool.uv] environments, and 3.12.4 on arm64 is not one of them",
	}, {
		name: "conflicting extras: cpu",
		dir:  "conflicts", env: x86, opts: lock.Options{Extras: []string{"cpu"}},
		want: "torch==2.5.0+cpu",
	}, {
		name: "conflicting extras: an extra activated by an edge",
		dir:  "conflicts", env: x86, opts: lock.Options{Extras: []string{"gpu-tools"}},
		want: "nvtools==1.0 torch==2.5.0+cu124",
	}, {
		name: "conflicting extras: none",
		dir:  "conflicts", env: x86,
		want: "",
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

func TestSelectBuilt(t *testing.T) {
	f := mustParse(t, "workspace")
	got, err := f.Select(pep508.LinuxCPython("3.12.4", "x86_64"), lock.Options{Groups: []string{"ext"}})
	if err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(filepath.Join("testdata", "workspace"))
	want := map[string]string{"api": filepath.Join(abs, "packages", "api"), "core": filepath.Join(abs, "packages", "core"), "extlib": filepath.Join(filepath.Dir(abs), "extlib")}
	for _, p := range got {
		dir, local := want[p.Name]
		switch {
		case local && (p.Built == nil || p.Built.Kind != lock.BuiltDirectory || p.Built.Dir != dir):
			t.Errorf("%s: built %+v, want the directory %s", p.Name, p.Built, dir)
		case !local && p.Built != nil:
			t.Errorf("%s: built %+v, want files", p.Name, p.Built)
		}
	}
}

func TestSelectGit(t *testing.T) {
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

func TestSelectFiles(t *testing.T) {
	dir := filepath.Join("testdata", "project")
	f := mustParse(t, "project")
	got, err := f.Select(pep508.LinuxCPython("3.12.4", "x86_64"), lock.Options{})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]lock.Package{}
	for _, p := range got {
		byName[p.Name] = p
	}
	abs, err := filepath.Abs(filepath.Join(dir, "wheels", "localwheel-2.0.0-py3-none-any.whl"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		pkg   string
		index string
		files []lock.File
	}{
		{"click", "https://pypi.org/simple", []lock.File{
			{Filename: "click-8.1.7-py3-none-any.whl", URL: "https://files.example/click-8.1.7-py3-none-any.whl", SHA256: sum(4), Size: 97941},
			{Filename: "click-8.1.7.tar.gz", URL: "https://files.example/click-8.1.7.tar.gz", SHA256: sum(3), Size: 336121},
		}},
		{"numpy", "https://pypi.org/simple", []lock.File{
			{Filename: "numpy-2.1.0-cp312-cp312-manylinux_2_17_x86_64.whl", URL: "https://files.example/numpy/numpy-2.1.0-cp312-cp312-manylinux_2_17_x86_64.whl", SHA256: sum(10), Size: 19},
			{Filename: "numpy-2.1.0-cp312-cp312-manylinux_2_17_aarch64.whl", URL: "https://files.example/numpy/numpy-2.1.0-cp312-cp312-manylinux_2_17_aarch64.whl", SHA256: sum(11), Size: 20},
		}},
		{"fastlib", "https://mirror.example/simple", []lock.File{
			{Filename: "fastlib-0.3.0-cp312-cp312-manylinux_2_17_x86_64.whl", URL: "https://mirror.example/files/fastlib-0.3.0-cp312-cp312-manylinux_2_17_x86_64.whl", SHA256: sum(5)},
		}},
		{"localwheel", "", []lock.File{
			{Filename: "localwheel-2.0.0-py3-none-any.whl", URL: "file://" + filepath.ToSlash(abs), SHA256: sum(8)},
		}},
		{"urlwheel", "", []lock.File{
			{Filename: "urlwheel-0.9-py3-none-any.whl", URL: "https://downloads.example/urlwheel-0.9-py3-none-any.whl", SHA256: sum(17)},
		}},
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
		if len(p.Files) != len(tt.files) {
			t.Errorf("%s Files = %+v, want %+v", tt.pkg, p.Files, tt.files)
			continue
		}
		for i := range p.Files {
			if !reflect.DeepEqual(p.Files[i], tt.files[i]) {
				t.Errorf("%s Files[%d] = %+v, want %+v", tt.pkg, i, p.Files[i], tt.files[i])
			}
		}
		if want := "uv.lock package " + p.Name + " " + p.Version; p.Source != want {
			t.Errorf("%s Source = %q, want %q", tt.pkg, p.Source, want)
		}
	}
	if !f.RequireHashes() {
		t.Error("RequireHashes() = false for a lock with hashes")
	}
	ix := f.Indexes()
	if ix.IndexURL != "https://pypi.org/simple" || len(ix.ExtraIndexURLs) != 1 || ix.ExtraIndexURLs[0] != "https://mirror.example/simple" {
		t.Errorf("Indexes() = %+v", ix)
	}
}

// TestSelectWithoutPyproject finds the project as the lock's own directory.
func TestSelectWithoutPyproject(t *testing.T) {
	f, err := Parse(filepath.Join("testdata", "project", "uv.lock"), "")
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.Select(pep508.LinuxCPython("3.12.4", "aarch64"), lock.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s, want := pins(got), "asgiref==3.8.1 click==8.1.7 flask==3.0.3 localwheel==2.0.0 numpy==2.1.0 urlwheel==0.9 werkzeug==3.0.4"; s != want {
		t.Errorf("Select() = %s, want %s", s, want)
	}
}

func mustParse(t *testing.T, dir string) *File {
	t.Helper()
	d := filepath.Join("testdata", dir)
	f, err := Parse(filepath.Join(d, "uv.lock"), filepath.Join(d, "pyproject.toml"))
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
