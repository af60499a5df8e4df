package pipfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/python/lock"
)

// lockJSON wraps category JSON in a valid _meta.
func lockJSON(cats string) string {
	return `{"_meta": {"pipfile-spec": 6, "sources": [{"name": "pypi", "url": "https://pypi.org/simple", "verify_ssl": true}]}` + cats + `}`
}

const sum = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

func TestErrors(t *testing.T) {
	tests := []struct {
		name, json string
		groups     []string
		parseErr   string // an error from Parse
		selectErr  string // an error from Select
	}{
		{name: "not JSON", json: "[default]\nflask = '*'\n", parseErr: "parsing Pipfile.lock: invalid character"},
		{name: "not an object", json: "[1, 2]", parseErr: "parsing Pipfile.lock: json: cannot unmarshal array"},
		{name: "no _meta", json: `{"default": {}}`, parseErr: "no _meta: it is not a Pipfile.lock"},
		{name: "newer spec", json: `{"_meta": {"pipfile-spec": 7}, "default": {}}`, parseErr: "pipfile-spec 7 is not one pyko reads (1 to 6)"},
		{name: "bad spec type", json: `{"_meta": {"pipfile-spec": "six"}}`, parseErr: "parsing Pipfile.lock _meta"},
		{name: "source without url", json: `{"_meta": {"sources": [{"name": "x"}]}}`, parseErr: "_meta.sources[0] has no url"},
		{name: "category not an object", json: lockJSON(`, "default": []`), parseErr: "parsing Pipfile.lock default"},
		{name: "bad name", json: lockJSON(`, "default": {"-bad-": {"version": "==1"}}`), parseErr: `Pipfile.lock default -bad-: "-bad-" is not a valid project name`},
		{name: "bad version", json: lockJSON(`, "default": {"a": {"version": "==1.0.*.x"}}`), parseErr: "Pipfile.lock default a: parsing version specifier"},
		{name: "bad marker", json: lockJSON(`, "default": {"a": {"version": "==1", "markers": "python_version >"}}`), parseErr: "Pipfile.lock default a: parsing marker"},
		{name: "bad hash", json: lockJSON(`, "default": {"a": {"version": "==1", "hashes": ["sha256:abc"]}}`), parseErr: `Pipfile.lock default a: hash "sha256:abc" is not sha256:<64 hex digits>`},
		{name: "md5", json: lockJSON(`, "default": {"a": {"version": "==1", "hashes": ["md5:` + strings.Repeat("a", 32) + `"]}}`), parseErr: "is not sha256"},
		{name: "short sha512", json: lockJSON(`, "default": {"a": {"version": "==1", "hashes": ["sha512:` + strings.Repeat("a", 64) + `"]}}`), parseErr: "Pipfile.lock default a: hash \"sha512:" + strings.Repeat("a", 64) + "\" is not sha256"},
		{name: "unknown index", json: lockJSON(`, "default": {"a": {"version": "==1", "index": "private"}}`), parseErr: `Pipfile.lock default a: index "private" is not among the _meta.sources names`},
		{name: "ftp file", json: lockJSON(`, "default": {"a": {"file": "ftp://h/a-1-py3-none-any.whl"}}`), parseErr: "ftp URLs are not supported"},
		{name: "wrong wheel", json: lockJSON(`, "default": {"a": {"file": "https://h/b-1-py3-none-any.whl"}}`), parseErr: `file "b-1-py3-none-any.whl" is b, not a`},
		{name: "any version", json: lockJSON(`, "default": {"a": {"version": "*"}}`), selectErr: `Pipfile.lock default a: version "*" is not pinned to one version: run pipenv lock`},
		{name: "a range", json: lockJSON(`, "default": {"a": {"version": ">=1"}}`), selectErr: `version ">=1" is not pinned`},
		{name: "a wildcard", json: lockJSON(`, "default": {"a": {"version": "==1.*"}}`), selectErr: `version "==1.*" is not pinned`},
		{name: "no version", json: lockJSON(`, "default": {"a": {}}`), selectErr: `version "" is not pinned`},
		{name: "git not at a commit", json: lockJSON(`, "default": {"a": {"git": "https://github.com/o/a.git", "ref": "abc"}}`),
			selectErr: `Pipfile.lock default a: git https://github.com/o/a.git: git URL "https://github.com/o/a.git@abc": pinned to "abc", not to a full commit id`},
		{name: "git at a commit", json: lockJSON(`, "default": {"a": {"git": "https://github.com/o/a.git", "ref": "0123456789abcdef0123456789abcdef01234567"}}`)},
		{name: "hg", json: lockJSON(`, "default": {"a": {"hg": "https://h/a", "ref": "abc"}}`),
			selectErr: "Pipfile.lock default a: hg+https://h/a: pyko builds from git only"},
		{name: "sdist file", json: lockJSON(`, "default": {"a": {"file": "https://h/a-1.0.tar.gz"}}`), selectErr: `file "a-1.0.tar.gz": pyko installs built wheels`},
		{name: "unselected problems are fine", json: lockJSON(`, "default": {"a": {"version": "*", "markers": "sys_platform == 'win32'"}}, "develop": {"b": {"path": "."}}`)},
		{name: "versions differ", json: lockJSON(`, "default": {"a": {"version": "==1"}}, "develop": {"A": {"version": "==2"}}`), groups: []string{"dev"},
			selectErr: "Pipfile.lock develop a: version 2 differs from 1 in default: run pipenv lock"},
		{name: "versions agree", json: lockJSON(`, "default": {"a": {"version": "==1"}}, "develop": {"A": {"version": "==1.0", "hashes": ["` + sum + `"]}}`), groups: []string{"dev"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "Pipfile.lock")
			if err := os.WriteFile(path, []byte(tc.json), 0o644); err != nil {
				t.Fatal(err)
			}
			f, err := Parse(path)
			if tc.parseErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.parseErr) {
					t.Fatalf("Parse error = %v\nwant it to contain %s", err, tc.parseErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			_, err = f.Select(linux312, lock.Options{Groups: tc.groups})
			if tc.selectErr == "" {
				if err != nil {
					t.Fatalf("Select: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.selectErr) {
				t.Fatalf("Select error = %v\nwant it to contain %s", err, tc.selectErr)
			}
			var ee *EntryError
			if !errors.As(err, &ee) {
				t.Errorf("Select error %v is not an *EntryError", err)
			}
		})
	}
}

func TestParseMissing(t *testing.T) {
	if _, err := Parse(filepath.Join(t.TempDir(), "Pipfile.lock")); err == nil || !strings.Contains(err.Error(), "reading") {
		t.Fatalf("Parse error = %v", err)
	}
}

func TestExpandEnv(t *testing.T) {
	lookup := func(k string) (string, bool) {
		v, ok := map[string]string{"A": "1", "B_2": "two", "EMPTY": ""}[k]
		return v, ok
	}
	for in, want := range map[string]string{
		"https://$A:${B_2}@h/simple": "https://1:two@h/simple",
		"https://h/${UNSET}/$UNSET":  "https://h/${UNSET}/$UNSET",
		"https://h/${EMPTY}x":        "https://h/x",
		"https://h/$":                "https://h/$",
	} {
		if got := expandEnv(in, lookup); got != want {
			t.Errorf("expandEnv(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSelectBuilt(t *testing.T) {
	const c = "0123456789abcdef0123456789abcdef01234567"
	dir := t.TempDir()
	path := filepath.Join(dir, "Pipfile.lock")
	data := lockJSON(`, "default": {"a": {"git": "https://github.com/o/a.git", "ref": "` + c + `", "subdirectory": "py"}, "b": {"path": "./libs/b"}}`)
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Parse(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.Select(linux312, lock.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]lock.Built{
		"a": {Kind: lock.BuiltGit, URL: "https://github.com/o/a.git", Commit: c, Subdirectory: "py"},
		"b": {Kind: lock.BuiltDirectory, Dir: filepath.Join(dir, "libs", "b")},
	}
	for _, p := range got {
		if w, ok := want[p.Name]; !ok || p.Built == nil || *p.Built != w {
			t.Errorf("%s: built %+v, want %+v", p.Name, p.Built, w)
		}
	}
}
