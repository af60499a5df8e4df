package requirements

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/python/lock"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string
		wantErr string
	}{
		{"editable", map[string]string{"requirements.txt": "flask==3.0.3\n-e .\n"},
			"requirements.txt line 2: -e .: editable requirements (-e) cannot go into an image: let pyko install the project itself"},
		{"editable VCS", map[string]string{"requirements.txt": "--editable=git+https://github.com/o/r#egg=r\n"},
			"line 1: -e git+https://github.com/o/r#egg=r: editable"},
		{"VCS", map[string]string{"requirements.txt": "r @ git+https://github.com/o/r@v1\n"},
			`line 1: "r @ git+https://github.com/o/r@v1": git URL "git+https://github.com/o/r@v1": pinned to "v1", not to a full commit id`},
		{"bare VCS", map[string]string{"requirements.txt": "git+https://github.com/o/r@v1#egg=r\n"},
			`line 1: "git+https://github.com/o/r@v1#egg=r": git URL`},
		{"local directory", map[string]string{"requirements.txt": "\n./src/pkg\n"},
			`requirements.txt line 2: "./src/pkg": file://`},
		{"a URL nothing names", map[string]string{"requirements.txt": "https://h/download?id=3\n"},
			`project directory or unknown file type`},
		{"bad requirement", map[string]string{"requirements.txt": "flask=3.0\n"},
			`requirements.txt line 1: parsing requirement "flask=3.0": column 6`},
		{"bad marker", map[string]string{"requirements.txt": "flask==3.0 ; python_version <\n"},
			`requirements.txt line 1: parsing`},
		{"bad marker of a URL", map[string]string{"requirements.txt": "https://h/x-1-py3-none-any.whl ; os_name ==\n"},
			`requirements.txt line 1: parsing marker`},
		{"unknown option", map[string]string{"requirements.txt": "--install-option=--user\n"},
			"requirements.txt line 1: unknown option --install-option"},
		{"md5", map[string]string{"requirements.txt": "a==1 \\\n  --hash=md5:" + strings.Repeat("f", 32) + "\n"},
			`requirements.txt line 1: "a==1": --hash=md5:ffffffffffffffffffffffffffffffff: unknown algorithm "md5"; pip accepts sha256, sha384 and sha512`},
		{"bad hash", map[string]string{"requirements.txt": "a==1 --hash=sha256:abc\n"},
			`line 1: "a==1": --hash=sha256:abc: a sha256 digest is 64 hex digits`},
		{"missing include", map[string]string{"requirements.txt": "a==1\n-r base.txt\n"},
			"requirements.txt line 2: reading requirements file base.txt: open"},
		{"network include", map[string]string{"requirements.txt": "-r https://u:p@h/reqs.txt\n"},
			"requirements.txt line 1: --requirement https://xxxxx@h/reqs.txt: including a file over the network is not supported"},
		{"include cycle", map[string]string{
			"requirements.txt": "-r sub/a.txt\n",
			"sub/a.txt":        "a==1\n-c b.txt\n",
			"sub/b.txt":        "b==1\n\n-r ../requirements.txt\n"},
			"sub/b.txt line 3: include cycle requirements.txt → sub/a.txt → sub/b.txt → requirements.txt: remove one of the -r or -c lines"},
		{"self include", map[string]string{"requirements.txt": "-r ./requirements.txt\n"},
			"requirements.txt line 1: include cycle requirements.txt → requirements.txt"},
		{"error in an included file", map[string]string{"requirements.txt": "-r base.txt\n", "base.txt": "a==1\n-e .\n"},
			"base.txt line 2: -e .: editable"},
		{"UTF-16", map[string]string{"requirements.txt": "\xff\xfea\x00=\x00"},
			"reading requirements file requirements.txt: the file is UTF-16: save it as UTF-8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := parseTree(t, tc.files)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("Parse error = %v\nwant it to contain %s", err, tc.wantErr)
			}
		})
	}
}

func TestParseMissingFile(t *testing.T) {
	_, err := Parse(context.Background(), filepath.Join(t.TempDir(), "requirements.txt"))
	if err == nil || !strings.Contains(err.Error(), "reading requirements file requirements.txt") {
		t.Fatalf("Parse error = %v", err)
	}
}

func TestParseCanceled(t *testing.T) {
	dir := writeTree(t, map[string]string{"requirements.txt": "a==1\n"})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Parse(ctx, filepath.Join(dir, "requirements.txt")); !errors.Is(err, context.Canceled) {
		t.Fatalf("Parse error = %v, want context.Canceled", err)
	}
}

func TestParseIncludes(t *testing.T) {
	f, dir, err := parseTree(t, map[string]string{
		"requirements.txt":        "\ufeff-r requirements/base.txt\nflask==3.0.3\n-r requirements/base.txt\n",
		"requirements/base.txt":   "-r common.txt\n-c ../constraints.txt\nclick==8.1.7\n",
		"requirements/common.txt": "itsdangerous==2.2.0\nblinker\n",
		"constraints.txt":         "blinker==1.8.2\n-r more.txt\n",
		"more.txt":                "werkzeug==3.0.3\n",
		"requirements/unused.txt": "unused==1\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	if f.Path() != filepath.Join(dir, "requirements.txt") {
		t.Errorf("Path = %q", f.Path())
	}
	pkgs, err := f.Select(env, lock.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "blinker==1.8.2 (constraints.txt line 1)\n" +
		"click==8.1.7 (requirements/base.txt line 3)\n" +
		"flask==3.0.3 (requirements.txt line 2)\n" +
		"itsdangerous==2.2.0 (requirements/common.txt line 1)\n" +
		"werkzeug==3.0.3 (more.txt line 1)\n"
	if got := summary(pkgs); got != want {
		t.Errorf("Select =\n%s\nwant\n%s", got, want)
	}
}

func TestParseIndexes(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	lookup := func(k string) (string, bool) {
		if k == "TOKEN" {
			return "s3cret", true
		}
		return "", false
	}
	f, dir, err := parseTree(t, map[string]string{
		"requirements.txt": "-i https://first/simple\n-r sub/idx.txt\n--find-links=https://links/\n" +
			"--trusted-host first --pre --prefer-binary\n--only-binary :all:\n--no-binary pkg\n--hash=sha256:" + h("a") + "\na==1\n",
		"sub/idx.txt": "--index-url https://u:${TOKEN}@second/simple\n--extra-index-url https://x/simple --extra-index-url https://y/simple\n-f ./wheels\n",
	}, WithLogger(log), WithLookupEnv(lookup))
	if err != nil {
		t.Fatal(err)
	}
	want := lock.Indexes{
		IndexURL:       "https://u:s3cret@second/simple",
		ExtraIndexURLs: []string{"https://x/simple", "https://y/simple"},
		FindLinks:      []string{filepath.Join(dir, "sub", "wheels"), "https://links/"},
	}
	if got := f.Indexes(); !reflect.DeepEqual(got, want) {
		t.Errorf("Indexes = %+v, want %+v", got, want)
	}
	if f.NoIndex() || f.RequireHashes() {
		t.Errorf("NoIndex = %v, RequireHashes = %v, want false, false", f.NoIndex(), f.RequireHashes())
	}
	out := logs.String()
	for _, s := range []string{"ignoring --no-binary", "ignoring --hash on a line with no requirement", "option=--trusted-host", "option=--pre", "option=--only-binary"} {
		if !strings.Contains(out, s) {
			t.Errorf("logs lack %q:\n%s", s, out)
		}
	}
	if strings.Contains(out, "s3cret") {
		t.Errorf("logs show a password:\n%s", out)
	}
}

func TestParseNoIndex(t *testing.T) {
	f, _, err := parseTree(t, map[string]string{"requirements.txt": "--no-index\n--find-links /srv/wheels\na==1\n"})
	if err != nil {
		t.Fatal(err)
	}
	if !f.NoIndex() || !reflect.DeepEqual(f.Indexes().FindLinks, []string{"/srv/wheels"}) {
		t.Errorf("NoIndex = %v, Indexes = %+v", f.NoIndex(), f.Indexes())
	}
}
