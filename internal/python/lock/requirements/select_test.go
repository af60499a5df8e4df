package requirements

import (
	"errors"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/python/lock"
)

func TestSelect(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string // requirements.txt and what it includes
		want    string            // summary of the packages
		wantErr string
		hashes  bool // RequireHashes
	}{
		{name: "pins, sorted and normalized",
			files: map[string]string{"requirements.txt": "Werkzeug==3.0.3\nFlask==3.0.3\nzope.interface===6.4.post2\n"},
			want:  "flask==3.0.3 (requirements.txt line 2)\nwerkzeug==3.0.3 (requirements.txt line 1)\nzope-interface==6.4.post2 (requirements.txt line 3)\n"},
		{name: "extras add nothing",
			files: map[string]string{"requirements.txt": "requests[socks, security]==2.32.3\n"},
			want:  "requests==2.32.3 (requirements.txt line 1)\n"},
		{name: "markers choose",
			files: map[string]string{"requirements.txt": "numpy==1.26.4 ; python_version < \"3.12\"\n" +
				"numpy==2.0.0 ; python_version >= \"3.12\"\n" +
				"pywin32==306 ; sys_platform == \"win32\"\n" +
				"tomli>=1 ; python_version < \"3.11\"\n" +
				"uvloop==0.19.0 ; platform_machine == 'x86_64' and implementation_name == 'cpython'\n" +
				"extra-only==1.0 ; extra == 'dev'\n"},
			want: "numpy==2.0.0 (requirements.txt line 2)\nuvloop==0.19.0 (requirements.txt line 5)\n"},
		{name: "unpinned",
			files:   map[string]string{"requirements.txt": "click==8.1.7\n\nflask>=2\n"},
			wantErr: `requirements.txt line 3: "flask>=2" is not pinned to one version: pin it (flask==VERSION) or generate the file with uv pip compile --generate-hashes / pip-compile --generate-hashes`},
		{name: "a wildcard is no pin",
			files:   map[string]string{"requirements.txt": "flask==3.*\n"},
			wantErr: `line 1: "flask==3.*" is not pinned`},
		{name: "a compatible release is no pin",
			files:   map[string]string{"requirements.txt": "flask~=3.0.3\n"},
			wantErr: `line 1: "flask~=3.0.3" is not pinned`},
		{name: "no version at all",
			files:   map[string]string{"requirements.txt": "flask\n"},
			wantErr: `line 1: "flask" is not pinned`},
		{name: "hashes",
			files: map[string]string{"requirements.txt": "flask==3.0.3 \\\n    --hash=sha256:" + h("b") + " \\\n    --hash=sha256:" + h("a") + "\n    # via -r requirements.in\n" +
				"click==8.1.7 --hash=sha256:" + h("c") + " --hash=sha512:" + strings.Repeat("d", 128) + "\n"},
			want:   "click==8.1.7 (requirements.txt line 5) #c #s\nflask==3.0.3 (requirements.txt line 1) #a #b\n",
			hashes: true},
		{name: "a hash missing",
			files:   map[string]string{"requirements.txt": "flask==3.0.3 --hash=sha256:" + h("a") + "\nclick==8.1.7\n"},
			wantErr: `requirements.txt line 2: "click==8.1.7" has no --hash, but hashes are required because requirements.txt line 1 has --hash or --require-hashes`},
		{name: "a hash missing on an unselected line is fine",
			files:  map[string]string{"requirements.txt": "flask==3.0.3 --hash=sha256:" + h("a") + "\ncolorama==0.4.6 ; sys_platform == 'win32'\n"},
			want:   "flask==3.0.3 (requirements.txt line 1) #a\n",
			hashes: true},
		{name: "--require-hashes",
			files:   map[string]string{"requirements.txt": "--require-hashes\nclick==8.1.7\n"},
			wantErr: `line 2: "click==8.1.7" has no --hash, but hashes are required because requirements.txt line 1 has`},
		{name: "duplicates merge their hashes",
			files: map[string]string{"requirements.txt": "a==1 --hash=sha256:" + h("a") + "\nA==1.0 --hash=sha256:" + h("b") + "\n"},
			want:  "a==1 (requirements.txt line 1) #a #b\n", hashes: true},
		{name: "duplicates with one pin",
			files: map[string]string{"requirements.txt": "a>=0.5\na==1\na!=0.9\n"},
			want:  "a==1 (requirements.txt line 2)\n"},
		{name: "conflicting pins",
			files:   map[string]string{"requirements.txt": "a==1\nb==2\na==2\n"},
			wantErr: `requirements.txt line 3: "a==2" conflicts with "a==1" on requirements.txt line 1: keep one version`},
		{name: "a range that excludes the pin",
			files:   map[string]string{"requirements.txt": "a==1\na>=2\n"},
			wantErr: `requirements.txt line 2: "a>=2" does not allow a 1, pinned on requirements.txt line 1`},
		{name: "a pinned pre-release",
			files: map[string]string{"requirements.txt": "a==2.0b1\na>=1\n"},
			want:  "a==2.0b1 (requirements.txt line 1)\n"},
		{name: "constraints pin and only constrain",
			files: map[string]string{
				"requirements.txt": "-c constraints.txt\nflask>=2\n",
				"constraints.txt":  "flask==3.0.3\nunused==1.0\n"},
			want: "flask==3.0.3 (constraints.txt line 1)\n"},
		{name: "constraint conflicts",
			files: map[string]string{
				"requirements.txt": "-c constraints.txt\nflask==3.0.3\n",
				"constraints.txt":  "flask<3\n"},
			wantErr: `constraints.txt line 1: "flask<3" does not allow flask 3.0.3, pinned on requirements.txt line 2`},
		{name: "constraint pins conflict with requirement pins",
			files: map[string]string{
				"requirements.txt": "flask==3.0.3\n-c constraints.txt\n",
				"constraints.txt":  "flask==3.0.2\n"},
			wantErr: `constraints.txt line 1: "flask==3.0.2" conflicts with "flask==3.0.3" on requirements.txt line 1`},
		{name: "constraints do not pin unselected lines",
			files: map[string]string{
				"requirements.txt": "-c c.txt\nflask>=2\n",
				"c.txt":            "flask==3.0.3 ; python_version < '3'\n"},
			wantErr: `requirements.txt line 2: "flask>=2" is not pinned`},
		{name: "constraint hashes narrow",
			files: map[string]string{
				"requirements.txt": "-c c.txt\nflask==3.0.3 --hash=sha256:" + h("a") + " --hash=sha256:" + h("b") + "\n",
				"c.txt":            "flask==3.0.3 --hash=sha256:" + h("b") + " --hash=sha256:" + h("c") + "\n"},
			want: "flask==3.0.3 (requirements.txt line 2) #b\n", hashes: true},
		{name: "constraint hashes alone",
			files: map[string]string{
				"requirements.txt": "-c c.txt\nflask\n",
				"c.txt":            "flask==3.0.3 --hash=sha256:" + h("c") + "\n"},
			want: "flask==3.0.3 (c.txt line 1) #c\n", hashes: true},
		{name: "constraint hashes disjoint",
			files: map[string]string{
				"requirements.txt": "-c c.txt\nflask==3.0.3 --hash=sha256:" + h("a") + "\n",
				"c.txt":            "flask==3.0.3 --hash=sha256:" + h("c") + "\n"},
			wantErr: `requirements.txt line 2: no --hash of "flask==3.0.3" is among those of "flask==3.0.3" on c.txt line 1`},
		{name: "URL requirement",
			files: map[string]string{"requirements.txt": "pkg @ https://h/pkg-1.0-py3-none-any.whl --hash=sha256:" + h("a") + "\n"},
			want:  "pkg==1.0 (requirements.txt line 1) #a file=https://h/pkg-1.0-py3-none-any.whl#a\n", hashes: true},
		{name: "bare URL with a marker",
			files: map[string]string{"requirements.txt": "https://h/a;b/pkg-1.0-py3-none-any.whl ; python_version >= '3.8'\nhttps://h/other-1.0-py3-none-any.whl; python_version < '3'\n"},
			want:  "pkg==1.0 (requirements.txt line 1) file=https://h/a;b/pkg-1.0-py3-none-any.whl\n"},
		{name: "URL and version pins agree",
			files: map[string]string{"requirements.txt": "pkg==1.0\npkg @ https://h/pkg-1.0-py3-none-any.whl#sha256=" + h("e") + "\n"},
			want:  "pkg==1.0 (requirements.txt line 1) #e file=https://h/pkg-1.0-py3-none-any.whl#e\n"},
		{name: "URL and version pins disagree",
			files:   map[string]string{"requirements.txt": "pkg==1.1\npkg @ https://h/pkg-1.0-py3-none-any.whl\n"},
			wantErr: `requirements.txt line 2: "pkg @ https://h/pkg-1.0-py3-none-any.whl" conflicts with "pkg==1.1"`},
		{name: "no password in messages",
			files:   map[string]string{"requirements.txt": "pkg==1.1\npkg @ https://u:${PW}@h/pkg-1.0-py3-none-any.whl\n"},
			wantErr: `requirements.txt line 2: "pkg @ https://xxxxx@h/pkg-1.0-py3-none-any.whl" conflicts with "pkg==1.1"`},
		{name: "two URLs",
			files:   map[string]string{"requirements.txt": "pkg @ https://a/pkg-1.0-py3-none-any.whl\npkg @ https://b/pkg-1.0-py3-none-any.whl\n"},
			wantErr: `line 2: "pkg @ https://b/pkg-1.0-py3-none-any.whl" conflicts with`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, _, err := parseTree(t, tc.files, WithLookupEnv(func(k string) (string, bool) { return "s3cret", k == "PW" }))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			pkgs, err := f.Select(env, lock.Options{Extras: []string{"dev"}, Groups: []string{"dev"}})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Select error = %v\nwant it to contain %s", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), "s3cret") {
					t.Errorf("Select error shows a password: %v", err)
				}
				var le *LineError
				if !errors.As(err, &le) {
					t.Errorf("Select error %v is not a *LineError", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Select: %v", err)
			}
			if got := summary(pkgs); got != tc.want {
				t.Errorf("Select =\n%s\nwant\n%s", got, tc.want)
			}
			if f.RequireHashes() != tc.hashes {
				t.Errorf("RequireHashes = %v, want %v", f.RequireHashes(), tc.hashes)
			}
		})
	}
}

// A local path requirement becomes a file URL relative to its file.
func TestSelectLocalPath(t *testing.T) {
	f, dir, err := parseTree(t, map[string]string{
		"requirements.txt": "-r sub/more.txt\n",
		"sub/more.txt": "./wheels/pkg_a-1.0-py3-none-any.whl\nfile:../dist/other-2.0-py3-none-any.whl\n" +
			"third @ ../dist/third-3.0-py3-none-any.whl ; python_version >= '3'\nFourth[x] @ file:w/fourth-4.0-py3-none-any.whl\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	pkgs, err := f.Select(env, lock.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "fourth==4.0 (sub/more.txt line 4) file=file://" + dir + "/sub/w/fourth-4.0-py3-none-any.whl\n" +
		"other==2.0 (sub/more.txt line 2) file=file://" + dir + "/dist/other-2.0-py3-none-any.whl\n" +
		"pkg-a==1.0 (sub/more.txt line 1) file=file://" + dir + "/sub/wheels/pkg_a-1.0-py3-none-any.whl\n" +
		"third==3.0 (sub/more.txt line 3) file=file://" + dir + "/dist/third-3.0-py3-none-any.whl\n"
	if got := summary(pkgs); got != want {
		t.Errorf("Select =\n%s\nwant\n%s", got, want)
	}
}
