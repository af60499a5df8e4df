package pylock

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep508"
)

func TestSelect(t *testing.T) {
	x86 := pep508.LinuxCPython("3.12.4", "x86_64")
	arm311 := pep508.LinuxCPython("3.11.9", "aarch64")
	freebsd := maps.Clone(x86)
	freebsd["sys_platform"] = "freebsd14"
	const base = "archived==1.0 flask==3.0.3 localwheel==2.0 numpy==2.1.0 uvloop==0.19.0"
	tests := []struct {
		name    string
		env     pep508.Environment
		opts    lock.Options
		want    string
		wantErr string
	}{
		{name: "default groups, markers, the project skipped", env: x86, want: base},
		{name: "aarch64 and an older Python", env: arm311, want: "archived==1.0 flask==3.0.3 localwheel==2.0 numpy==1.26.4"},
		{name: "an extra", env: x86, opts: lock.Options{Extras: []string{"PG"}},
			want: "archived==1.0 flask==3.0.3 localwheel==2.0 numpy==2.1.0 psycopg==3.2.1 uvloop==0.19.0"},
		{name: "a group besides the default ones", env: x86, opts: lock.Options{Groups: []string{"dev"}},
			want: "archived==1.0 flask==3.0.3 localwheel==2.0 numpy==2.1.0 pytest==8.3.2 uvloop==0.19.0"},
		{name: "package requires-python", env: x86, opts: lock.Options{Groups: []string{"new"}},
			wantErr: "packages[10] (newpy) requires Python >=3.13 and the target has 3.12.4"},
		{name: "two entries for one name", env: x86, opts: lock.Options{Groups: []string{"dup"}},
			wantErr: "both packages[11] (twice) and packages[12] (twice) apply to this target"},
		{name: "unknown extra", env: x86, opts: lock.Options{Extras: []string{"mysql"}},
			wantErr: `the lock offers no extra "mysql" (it offers: pg)`},
		{name: "unknown group", env: x86, opts: lock.Options{Groups: []string{"docs"}},
			wantErr: `the lock offers no dependency group "docs" (it offers: dev, vcs, new, dup, local)`},
		{name: "lock requires-python", env: pep508.LinuxCPython("3.9.18", "x86_64"),
			wantErr: "the lock requires Python >=3.10 and the target has 3.9.18"},
		{name: "environments", env: freebsd,
			wantErr: "is none of the lock's environments"},
	}
	f, err := Parse(filepath.Join("testdata", "multi", "pylock.toml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
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
	path := filepath.Join("testdata", "multi", "pylock.toml")
	f, err := Parse(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.Select(pep508.LinuxCPython("3.12.4", "x86_64"), lock.Options{})
	if err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs(filepath.Join("testdata", "multi", "wheels", "localwheel-2.0-py3-none-any.whl"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"flask": "https://pypi.org/simple [" +
			"{flask-3.0.3-py3-none-any.whl https://files.example/flask-3.0.3-py3-none-any.whl " + sum(2) + " map[sha512:" + strings.Repeat("0", 128) + "] 101735} " +
			"{flask-3.0.3.tar.gz https://files.example/flask-3.0.3.tar.gz " + sum(1) + " map[] 676315}]",
		"archived":   " [{archived-1.0-py3-none-any.whl https://downloads.example/archived-1.0-py3-none-any.whl " + sum(8) + " map[] 1234}]",
		"localwheel": " [{localwheel-2.0-py3-none-any.whl file://" + filepath.ToSlash(abs) + " " + sum(9) + " map[] 0}]",
	}
	for _, p := range got {
		w, ok := want[p.Name]
		if !ok {
			continue
		}
		delete(want, p.Name)
		if g := p.Index + " " + fmt.Sprint(p.Files); g != w {
			t.Errorf("%s = %s, want %s", p.Name, g, w)
		}
	}
	if len(want) > 0 {
		t.Errorf("not selected: %v", want)
	}
	ix := f.Indexes()
	if ix.IndexURL != "https://pypi.org/simple" || fmt.Sprint(ix.ExtraIndexURLs) != "[https://mirror.example/simple/]" {
		t.Errorf("Indexes() = %+v", ix)
	}
	if !f.RequireHashes() || f.Path() != path {
		t.Errorf("RequireHashes() = %v, Path() = %q", f.RequireHashes(), f.Path())
	}
}

func TestParseErrors(t *testing.T) {
	const head = "lock-version = \"1.0\"\ncreated-by = \"t\"\n"
	const h = `hashes = { sha256 = "0000000000000000000000000000000000000000000000000000000000000000" }`
	tests := []struct {
		name, toml, wantErr string
	}{
		{"no version", "created-by = \"t\"\n", "no lock-version"},
		{"two sources", head + "[[packages]]\nname = \"a\"\nvcs = { type = \"git\", url = \"u\", commit-id = \"c\" }\nwheels = [{ url = \"https://x/a-1-py3-none-any.whl\", " + h + " }]\n",
			"packages[0] (a): want exactly one source"},
		{"no source", head + "[[packages]]\nname = \"a\"\n", "packages[0] (a): want exactly one source"},
		{"no hashes", head + "[[packages]]\nname = \"a\"\nwheels = [{ url = \"https://x/a-1-py3-none-any.whl\" }]\n",
			"file a-1-py3-none-any.whl has no hashes"},
		{"bad sha256", head + "[[packages]]\nname = \"a\"\nwheels = [{ url = \"https://x/a-1-py3-none-any.whl\", hashes = { sha256 = \"xyz\" } }]\n",
			`hash "sha256:xyz" is not 64 hex digits`},
		{"bad marker", head + "[[packages]]\nname = \"a\"\nmarker = \"python_version >>> '3'\"\nwheels = [{ url = \"https://x/a-1-py3-none-any.whl\", " + h + " }]\n",
			"packages[0] (a): parsing marker"},
		{"bad toml", head + "[[packages]\n", "parsing pylock.toml line 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parse("pylock.toml", []byte(tt.toml))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("parse() error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestUnknownVersion(t *testing.T) {
	_, err := Parse(filepath.Join("testdata", "badversion", "pylock.toml"))
	if err == nil || !strings.Contains(err.Error(), "badversion/pylock.toml: pylock.toml lock-version 2.0 is newer than this pyko reads (1.x): upgrade pyko") {
		t.Fatalf("Parse() error = %v", err)
	}
}

func FuzzParse(f *testing.F) {
	for _, p := range []string{"multi/pylock.toml", "badversion/pylock.toml"} {
		data, err := os.ReadFile(filepath.Join("testdata", p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	env := pep508.LinuxCPython("3.12.4", "x86_64")
	f.Fuzz(func(t *testing.T, data []byte) {
		lf, err := parse("pylock.toml", data)
		if err != nil {
			return
		}
		_, _ = lf.Select(env, lock.Options{Extras: []string{"pg"}, Groups: []string{"dev"}})
	})
}

func pins(ps []lock.Package) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name+"=="+p.Version)
	}
	return strings.Join(out, " ")
}

func sum(n int) string { return fmt.Sprintf("%064d", n) }

func TestSelectBuilt(t *testing.T) {
	f, err := Parse(filepath.Join("testdata", "multi", "pylock.toml"))
	if err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(filepath.Join("testdata", "otherlib"))
	for group, want := range map[string]lock.Built{
		"vcs":   {Kind: lock.BuiltGit, URL: "https://user:secret@git.example/gitdep.git", Commit: "0123456789abcdef0123456789abcdef01234567"},
		"local": {Kind: lock.BuiltDirectory, Dir: abs},
	} {
		got, err := f.Select(pep508.LinuxCPython("3.12.4", "x86_64"), lock.Options{Groups: []string{group}})
		if err != nil {
			t.Fatalf("%s: %v", group, err)
		}
		found := false
		for _, p := range got {
			if p.Built != nil {
				found = true
				if *p.Built != want {
					t.Errorf("%s: %s built %+v, want %+v", group, p.Name, p.Built, want)
				}
			}
		}
		if !found {
			t.Errorf("%s: nothing built in %v", group, got)
		}
	}
}
