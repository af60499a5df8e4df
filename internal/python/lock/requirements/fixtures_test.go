package requirements

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep508"
)

// The fixtures in testdata have the shapes real files have: uv's and
// pip-compile's hashed output (continuations, "# via" comments, extras,
// markers, index options) and a hand-written tree of loose requirements
// pinned by a constraints file.
func TestFixtures(t *testing.T) {
	tests := []struct {
		file   string
		python string
		want   string // name==version, space-separated
		hashes bool
	}{
		{"uv-compiled", "3.12.4", "blinker==1.8.2 boto3==1.34.144 click==8.1.7 flask==3.0.3 itsdangerous==2.2.0 " +
			"jinja2==3.1.4 markupsafe==2.1.5 numpy==2.0.1 uvloop==0.19.0 werkzeug==3.0.3", true},
		{"uv-compiled", "3.10.14", "blinker==1.8.2 boto3==1.34.144 click==8.1.7 exceptiongroup==1.2.2 flask==3.0.3 " +
			"itsdangerous==2.2.0 jinja2==3.1.4 markupsafe==2.1.5 numpy==1.26.4 uvloop==0.19.0 werkzeug==3.0.3", true},
		{"pip-compile", "3.12.4", "certifi==2024.7.4 charset-normalizer==3.3.2 gunicorn==22.0.0 idna==3.7 " +
			"packaging==24.1 requests==2.32.3 setuptools==71.1.0 urllib3==2.2.2", true},
		{"layered", "3.12.4", "flask==3.0.3 gunicorn==22.0.0 requests==2.32.3", false},
	}
	for _, tc := range tests {
		t.Run(tc.file+"/"+tc.python, func(t *testing.T) {
			f, err := Parse(context.Background(), filepath.Join("testdata", tc.file, "requirements.txt"))
			if err != nil {
				t.Fatal(err)
			}
			pkgs, err := f.Select(pep508.LinuxCPython(tc.python, "x86_64"), lock.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range pkgs {
				got = append(got, p.Name+"=="+p.Version)
				if tc.hashes && len(p.Hashes) != 2 {
					t.Errorf("%s has %d hashes, want 2", p.Name, len(p.Hashes))
				}
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("Select =\n%s\nwant\n%s", strings.Join(got, " "), tc.want)
			}
			if f.RequireHashes() != tc.hashes {
				t.Errorf("RequireHashes = %v, want %v", f.RequireHashes(), tc.hashes)
			}
		})
	}
}

func TestFixtureIndexes(t *testing.T) {
	f, err := Parse(context.Background(), filepath.Join("testdata", "uv-compiled", "requirements.txt"))
	if err != nil {
		t.Fatal(err)
	}
	idx := f.Indexes()
	if idx.IndexURL != "https://pypi.org/simple" || len(idx.ExtraIndexURLs) != 1 || idx.ExtraIndexURLs[0] != "https://download.pytorch.org/whl/cpu" {
		t.Errorf("Indexes = %+v", idx)
	}
}
