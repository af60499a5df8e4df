package pipfile

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep508"
)

var linux312 = pep508.LinuxCPython("3.12.4", "x86_64")

func names(pkgs []lock.Package) string {
	var s []string
	for _, p := range pkgs {
		s = append(s, p.Name+"=="+p.Version)
	}
	return strings.Join(s, " ")
}

func TestFixtures(t *testing.T) {
	env := func(k string) (string, bool) {
		if k == "PRIVATE_TOKEN" {
			return "t0ken", true
		}
		return "", false
	}
	tests := []struct {
		file    string
		groups  []string
		want    string
		hashes  bool
		wantErr string
	}{
		{file: "docs-example", want: "asgiref==3.8.1 django==4.2.14 gunicorn==22.0.0 packaging==24.1 sqlparse==0.5.1", hashes: true},
		{file: "docs-example", groups: []string{"dev"}, hashes: true,
			want: "asgiref==3.8.1 coverage==7.6.0 django==4.2.14 gunicorn==22.0.0 iniconfig==2.0.0 packaging==24.1 pluggy==1.5.0 pytest==8.3.2 pytest-cov==3.0.0 sqlparse==0.5.1"},
		{file: "docs-example", groups: []string{"develop", "default"}, hashes: true,
			want: "asgiref==3.8.1 coverage==7.6.0 django==4.2.14 gunicorn==22.0.0 iniconfig==2.0.0 packaging==24.1 pluggy==1.5.0 pytest==8.3.2 pytest-cov==3.0.0 sqlparse==0.5.1"},
		{file: "docs-example", groups: []string{"docs"}, wantErr: `selecting group "docs": Pipfile.lock has no category "docs"; it has default, develop`},
		{file: "private-index", want: "acme-client==1.4.0 blinker==1.8.2 click==8.1.7 flask==3.0.3 itsdangerous==2.2.0 jinja2==3.1.4 markupsafe==2.1.5 tool-wheel==0.3.1 werkzeug==3.0.3"},
		{file: "private-index", groups: []string{"docs"},
			want: "acme-client==1.4.0 blinker==1.8.2 click==8.1.7 flask==3.0.3 itsdangerous==2.2.0 jinja2==3.1.4 markupsafe==2.1.5 sphinx==7.4.7 tool-wheel==0.3.1 werkzeug==3.0.3"},
		{file: "private-index", groups: []string{"dev-packages"},
			wantErr: `Pipfile.lock develop myapp: path "." is this project, which pyko installs itself`},
		{file: "legacy", want: "dot-prop==0.2.0 six==1.10.0"},
		{file: "legacy", groups: []string{"dev"}, want: "dot-prop==0.2.0 six==1.10.0 wheel==0.29.0"},
	}
	for _, tc := range tests {
		t.Run(tc.file+"/"+strings.Join(tc.groups, ","), func(t *testing.T) {
			f, err := Parse(filepath.Join("testdata", tc.file, "Pipfile.lock"), WithLookupEnv(env))
			if err != nil {
				t.Fatal(err)
			}
			pkgs, err := f.Select(linux312, lock.Options{Groups: tc.groups, Extras: []string{"toml"}})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Select error = %v\nwant it to contain %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := names(pkgs); got != tc.want {
				t.Errorf("Select =\n%s\nwant\n%s", got, tc.want)
			}
			if f.RequireHashes() != tc.hashes {
				t.Errorf("RequireHashes = %v, want %v", f.RequireHashes(), tc.hashes)
			}
		})
	}
}

func TestPackageDetails(t *testing.T) {
	f, err := Parse(filepath.Join("testdata", "private-index", "Pipfile.lock"),
		WithLookupEnv(func(k string) (string, bool) { return "t0ken", k == "PRIVATE_TOKEN" }))
	if err != nil {
		t.Fatal(err)
	}
	wantIdx := lock.Indexes{IndexURL: "https://pypi.org/simple", ExtraIndexURLs: []string{"https://__token__:t0ken@pkgs.example.com/simple"}}
	if got := f.Indexes(); !reflect.DeepEqual(got, wantIdx) {
		t.Errorf("Indexes = %+v, want %+v", got, wantIdx)
	}
	pkgs, err := f.Select(linux312, lock.Options{Groups: []string{"docs"}})
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]lock.Package{}
	for _, p := range pkgs {
		by[p.Name] = p
	}
	if p := by["acme-client"]; p.Index != wantIdx.ExtraIndexURLs[0] || len(p.Hashes) != 2 || p.Source != "Pipfile.lock default acme-client" {
		t.Errorf("acme-client = %+v", p)
	}
	if p := by["flask"]; p.Index != "https://pypi.org/simple" || len(p.Files) != 0 {
		t.Errorf("flask = %+v", p)
	}
	if p := by["jinja2"]; p.Source != "Pipfile.lock default jinja2" || len(p.Hashes) != 2 {
		t.Errorf("jinja2 (in default and docs) = %+v", p)
	}
	p := by["tool-wheel"]
	if len(p.Files) != 1 || p.Files[0].URL != "https://files.example.com/tool_wheel-0.3.1-py3-none-any.whl" ||
		p.Files[0].Filename != "tool_wheel-0.3.1-py3-none-any.whl" || p.Files[0].SHA256 != p.Hashes[0] {
		t.Errorf("tool-wheel = %+v", p)
	}
	for _, p := range pkgs {
		for i := 1; i < len(p.Hashes); i++ {
			if p.Hashes[i-1] >= p.Hashes[i] {
				t.Errorf("%s hashes are not sorted: %q", p.Name, p.Hashes)
			}
		}
	}
}
