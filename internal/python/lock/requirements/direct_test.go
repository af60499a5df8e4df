package requirements

import (
	"github.com/pyko-dev/pyko/internal/python/lock"
	"strings"
	"testing"
)

func TestParseDirect(t *testing.T) {
	sum := strings.Repeat("ab", 32)
	tests := []struct {
		ref, name           string
		wantName, wantVer   string
		wantURL, wantSHA256 string
		wantErr             string
	}{
		{ref: "https://files.example/p/flask-3.0.3-py3-none-any.whl#sha256=" + sum,
			wantName: "flask", wantVer: "3.0.3", wantURL: "https://files.example/p/flask-3.0.3-py3-none-any.whl", wantSHA256: sum},
		{ref: "https://h/Flask-3.0.3-1-py3-none-any.whl", name: "FLASK", wantName: "flask", wantVer: "3.0.3",
			wantURL: "https://h/Flask-3.0.3-1-py3-none-any.whl"},
		{ref: "./dist/pkg_a-1.0-py3-none-any.whl", wantName: "pkg-a", wantVer: "1.0",
			wantURL: "file:///proj/dist/pkg_a-1.0-py3-none-any.whl"},
		{ref: "../wheels/pkg_a-1.0-py3-none-any.whl", wantName: "pkg-a", wantVer: "1.0",
			wantURL: "file:///wheels/pkg_a-1.0-py3-none-any.whl"},
		{ref: "file:dist/my-pkg-2.1.tar.gz", wantName: "my-pkg", wantVer: "2.1", wantURL: "file:///proj/dist/my-pkg-2.1.tar.gz"},
		{ref: "file:///srv/w/x-1-cp312-cp312-manylinux_2_17_x86_64.whl", name: "x", wantName: "x", wantVer: "1",
			wantURL: "file:///srv/w/x-1-cp312-cp312-manylinux_2_17_x86_64.whl"},
		{ref: "file://localhost/srv/x-1-py3-none-any.whl", wantName: "x", wantVer: "1", wantURL: "file:///srv/x-1-py3-none-any.whl"},
		{ref: "https://h/x-1-py3-none-any.whl", name: "y", wantErr: "is x, not y"},
		{ref: "https://h/x-1-py3-none-any.whl#egg=y", wantErr: "is x, not y"},
		{ref: "https://h/x-1-py3.whl", wantErr: "is not a wheel file name"},
		{ref: "https://h/x-notaversion-py3-none-any.whl", wantErr: "invalid"},
		{ref: "https://github.com/o/r/archive/main.zip", name: "r", wantErr: "does not say its name and version"},
		{ref: "file://otherhost/x-1-py3-none-any.whl", wantErr: "only local files"},
		{ref: "git+https://github.com/o/r@v1#egg=r", wantErr: "not to a full commit id"},
		{ref: "git+https://github.com/o/r@0123456789abcdef0123456789abcdef01234567", wantErr: "needs its name"},
		{ref: "ftp://h/x-1-py3-none-any.whl", wantErr: "ftp URLs are not supported"},
		{ref: ".", wantErr: "project directory needs its name"},
		{ref: "./src/pkg", wantErr: "project directory needs its name"},
		{ref: "https://h/x-1-py3-none-any.whl#sha256=zz", wantErr: "64 hex digits"},
	}
	for _, tc := range tests {
		d, err := parseDirect(tc.ref, "/proj", tc.name)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("parseDirect(%q, %q) error = %v, want it to contain %q", tc.ref, tc.name, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseDirect(%q, %q): %v", tc.ref, tc.name, err)
			continue
		}
		if d.name != tc.wantName || d.version != tc.wantVer || d.file.URL != tc.wantURL || d.file.SHA256 != tc.wantSHA256 {
			t.Errorf("parseDirect(%q, %q) = %+v, want name %q version %q URL %q sha256 %q",
				tc.ref, tc.name, d, tc.wantName, tc.wantVer, tc.wantURL, tc.wantSHA256)
		}
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"https://user:pass@h/simple": "https://xxxxx@h/simple",
		"https://token@h/simple":     "https://xxxxx@h/simple",
		"https://h/simple":           "https://h/simple",
		"https://u:p ss@h/%zz":       "https://xxxxx@h/%zz",
	} {
		if got := redact(in); got != want {
			t.Errorf("redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRedactText(t *testing.T) {
	in := `pkg @ https://user:pw@h/pkg-1-py3-none-any.whl ; os_name == "posix" and x == 'git+ssh://git@github.com/o/r'`
	want := `pkg @ https://xxxxx@h/pkg-1-py3-none-any.whl ; os_name == "posix" and x == 'git+ssh://xxxxx@github.com/o/r'`
	if got := redactText(in); got != want {
		t.Errorf("redactText =\n%s\nwant\n%s", got, want)
	}
}

func TestParseDirectBuilt(t *testing.T) {
	const c = "0123456789abcdef0123456789abcdef01234567"
	for _, tc := range []struct {
		ref, name string
		want      lock.Built
	}{
		{"git+https://github.com/o/r@" + c + "#egg=r", "", lock.Built{Kind: lock.BuiltGit, URL: "https://github.com/o/r", Commit: c}},
		{"git+ssh://git@github.com/o/r.git@" + c + "#subdirectory=py", "r", lock.Built{Kind: lock.BuiltGit, URL: "ssh://git@github.com/o/r.git", Commit: c, Subdirectory: "py"}},
		{"./src/pkg", "pkg", lock.Built{Kind: lock.BuiltDirectory, Dir: "/proj/src/pkg"}},
		{"file:///srv/lib", "lib", lock.Built{Kind: lock.BuiltDirectory, Dir: "/srv/lib"}},
	} {
		d, err := parseDirect(tc.ref, "/proj", tc.name)
		if err != nil || d.built == nil || *d.built != tc.want || d.name == "" {
			t.Errorf("parseDirect(%q, %q) = %+v (built %+v), %v; want %+v", tc.ref, tc.name, d, d.built, err, tc.want)
		}
	}
}
