package project

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
)

func TestParseGitConfig(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []gitConfigEntry
		wantErr string
	}{
		{name: "empty"},
		{
			name: "typical",
			in: "[core]\n\trepositoryformatversion = 0\n\tbare = false\n" +
				"[remote \"origin\"]\n\turl = git@github.com:me/app.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n",
			want: []gitConfigEntry{
				{"core", "", "repositoryformatversion", "0"},
				{"core", "", "bare", "false"},
				{"remote", "origin", "url", "git@github.com:me/app.git"},
				{"remote", "origin", "fetch", "+refs/heads/*:refs/remotes/origin/*"},
			},
		},
		{
			name: "case, comments, quotes, escapes, continuation",
			in: "# top\n; also\n[Remote \"Or\\\"ig\"] URL = \"a b\" c ; comment\n" +
				"[branch.Main]\nflag\nx = one\\\ntwo  # trailing\ny = \"tab\\there\"\r\n",
			want: []gitConfigEntry{
				{"remote", `Or"ig`, "url", "a b c"},
				{"branch", "main", "flag", "true"},
				{"branch", "main", "x", "onetwo"},
				{"branch", "main", "y", "tab\there"},
			},
		},
		{name: "key outside section", in: "url = x\n", wantErr: "line 1: key outside of a section"},
		{name: "unterminated header", in: "[core\n", wantErr: "line 1: unterminated section header"},
		{name: "unterminated quote", in: "[a]\nk = \"x\n", wantErr: "line 2: newline in quoted value"},
		{name: "bad escape", in: "[a]\nk = \\q\n", wantErr: `line 2: unknown escape \q`},
		{name: "missing equals", in: "[a]\nk x\n", wantErr: `want "=" after key "k"`},
		{name: "garbage", in: "[a]\n=\n", wantErr: `line 2: unexpected '='`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseGitConfig(tt.in)
			errorContains(t, err, tt.wantErr)
			if err == nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parseGitConfig() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestStripUserinfo(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"https://github.com/me/app.git", "https://github.com/me/app.git"},
		{"https://user:ghp_secret@github.com/me/app.git", "https://github.com/me/app.git"},
		{"https://ghp_secret@github.com/me/app", "https://github.com/me/app"},
		{"http://u:p@host:8080/r", "http://host:8080/r"},
		{"ssh://git@github.com/me/app.git", "ssh://github.com/me/app.git"},
		{"git@github.com:me/app.git", "git@github.com:me/app.git"},
		{"/srv/git/app.git", "/srv/git/app.git"},
		{"https://u:p@[bad/x", ""},
	}
	for _, tt := range tests {
		if got := stripUserinfo(tt.in); got != tt.want {
			t.Errorf("stripUserinfo(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzGitConfig(f *testing.F) {
	f.Add("[remote \"origin\"]\n\turl = https://u:p@h/r\n")
	f.Add("[a.b]\nk = \"x\\\"y\" ; c\nflag\n")
	f.Add("[a]\nk = x\\\ny\r\n")
	f.Fuzz(func(t *testing.T, in string) {
		entries, err := parseGitConfig(in)
		if err != nil {
			return
		}
		for _, e := range entries {
			if e.Section == "" || e.Key == "" || e.Key != strings.ToLower(e.Key) {
				t.Errorf("bad entry %q from %q", e, in)
			}
		}
	})
}

func FuzzStripUserinfo(f *testing.F) {
	f.Add("https://user:tok@github.com/me/app.git")
	f.Add("git@github.com:me/app.git")
	f.Fuzz(func(t *testing.T, in string) {
		got := stripUserinfo(in)
		if !strings.Contains(in, "://") {
			return
		}
		if u, err := url.Parse(got); got != "" && (err != nil || u.User != nil) {
			t.Errorf("stripUserinfo(%q) = %q, which still has userinfo", in, got)
		}
	})
}
