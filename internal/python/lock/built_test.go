package lock

import (
	"strings"
	"testing"
)

func TestParseGitURL(t *testing.T) {
	const c = "3bdb12d0e97d814c86bddc6573c8d49b99f39719"
	for _, tt := range []struct {
		in, repo, commit, subdir, err string
	}{
		{in: "git+https://github.com/a/b.git@" + c, repo: "https://github.com/a/b.git", commit: c},
		{in: "https://github.com/zzstoatzz/python-cli-bench.git#" + c, repo: "https://github.com/zzstoatzz/python-cli-bench.git", commit: c},
		{in: "https://github.com/t/p.git?rev=a2c6763b45283f76757a123342900accefcf04e8#a2c6763b45283f76757a123342900accefcf04e8", repo: "https://github.com/t/p.git", commit: "a2c6763b45283f76757a123342900accefcf04e8"},
		{in: "https://github.com/t/p.git?rev=v1&subdirectory=pkg#" + c, repo: "https://github.com/t/p.git", commit: c, subdir: "pkg"},
		{in: "git+ssh://git@github.com/a/b.git@" + c + "#subdirectory=sub/dir", repo: "ssh://git@github.com/a/b.git", commit: c, subdir: "sub/dir"},
		{in: "git+file:///srv/repo@" + c, repo: "file:///srv/repo", commit: c},
		{in: "git+https://github.com/a/b.git@main", err: "not to a full commit"},
		{in: "git+https://github.com/a/b.git", err: "not to a full commit"},
		{in: "git+ftp://host/r@" + c, err: "scheme"},
		{in: "git+https://host/r@" + c + "#subdirectory=../x", err: "leaves"},
		{in: "git+https://user:secret@host/r@main", err: "https://host/r@main"},
	} {
		repo, commit, sub, err := ParseGitURL(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) || strings.Contains(err.Error(), "secret") {
				t.Errorf("%s: err = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || repo != tt.repo || commit != tt.commit || sub != tt.subdir {
			t.Errorf("%s: got %q %q %q %v", tt.in, repo, commit, sub, err)
		}
	}
}

func FuzzParseGitURL(f *testing.F) {
	f.Add("git+https://github.com/a/b.git@3bdb12d0e97d814c86bddc6573c8d49b99f39719#subdirectory=x")
	f.Add("https://h/p.git?rev=v1#3bdb12d0e97d814c86bddc6573c8d49b99f39719")
	f.Fuzz(func(t *testing.T, s string) {
		_, commit, sub, err := ParseGitURL(s)
		if err != nil {
			return
		}
		if !IsCommit(commit) || strings.Contains(sub, "..") || strings.HasPrefix(sub, "/") {
			t.Fatalf("accepted commit %q subdirectory %q", commit, sub)
		}
	})
}
