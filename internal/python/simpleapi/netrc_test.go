package simpleapi

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNetrc(t *testing.T) {
	n, err := parseNetrc(`# a comment
machine idx.example login alice password "p a\"ss" account ignored
macdef init
cd /pub
login not-a-token

machine
  other.example
  login bob
  password b0b
default login anon password anon@
`)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ host, login, pass string }{
		{"idx.example", "alice", `p a"ss`},
		{"IDX.example", "alice", `p a"ss`},
		{"other.example", "bob", "b0b"},
		{"elsewhere.example", "anon", "anon@"},
	} {
		l, p, ok := n.lookup(tc.host)
		if !ok || l != tc.login || p != tc.pass {
			t.Errorf("lookup(%s) = %q, %q, %v; want %q, %q", tc.host, l, p, ok, tc.login, tc.pass)
		}
	}
	n, err = parseNetrc("machine a login x password y\n")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, ok := n.lookup("b"); ok {
		t.Error("a host without an entry and no default has credentials")
	}
	var none *netrc
	if _, _, ok := none.lookup("a"); ok {
		t.Error("no netrc has credentials")
	}
}

func TestNetrcErrors(t *testing.T) {
	for _, bad := range []string{
		"login x password y",
		"machine a login x\npassword",
		"machine a login x passwd s3cret-value",
		`machine a password "open`,
	} {
		_, err := parseNetrc(bad)
		if err == nil {
			t.Errorf("%q: no error", bad)
			continue
		}
		if strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), "open") {
			t.Errorf("%q: the error quotes a value: %v", bad, err)
		}
	}
	dir := t.TempDir()
	if n, err := readNetrc(filepath.Join(dir, "missing")); n != nil || err != nil {
		t.Errorf("a missing netrc: %v, %v", n, err)
	}
	path := filepath.Join(dir, "netrc")
	if err := os.WriteFile(path, []byte("machine a\nbogus"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := readNetrc(path); err == nil || !strings.Contains(err.Error(), path+": line 2") {
		t.Errorf("error %v does not name the file and line", err)
	}
}

func TestForProject(t *testing.T) {
	for _, tc := range []struct {
		file, project string
		want          bool
	}{
		{"flask-3.0.3-py3-none-any.whl", "flask", true},
		{"Flask-3.0.3-py3-none-any.whl", "flask", true},
		{"zope_interface-6.0-cp312-cp312-manylinux_2_17_x86_64.whl", "zope-interface", true},
		{"flask_login-0.6-py3-none-any.whl", "flask", false},
		{"foo-bar-1.0.tar.gz", "foo-bar", true},
		{"foo-bar-1.0.tar.gz", "foo", true}, // an sdist name is ambiguous
		{"foo_bar-1.0.zip", "foo-bar", true},
		{"foo-1.0.exe", "foo", false},
		{"foo-.tar.gz", "foo", false},
		{"foo.whl", "foo", false},
	} {
		if got := forProject(tc.file, tc.project); got != tc.want {
			t.Errorf("forProject(%s, %s) = %v", tc.file, tc.project, got)
		}
	}
}
