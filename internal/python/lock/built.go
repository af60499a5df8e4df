package lock

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

var commitHex = regexp.MustCompile(`^[0-9a-f]{40}([0-9a-f]{24})?$`)

// IsCommit reports whether s is a full git commit id (SHA-1 or SHA-256).
func IsCommit(s string) bool { return commitHex.MatchString(s) }

// ParseGitURL reads a PEP 440 direct reference to git as pip and uv write
// it, "git+https://host/repo.git@<rev>#subdirectory=sub" (uv.lock drops
// the "git+", keeps the rev in "?rev=" and the commit in the fragment:
// "https://host/repo.git?rev=v1#<commit>"). It returns the repository URL
// and the commit; a rev that is not a full commit is an error, because
// only a commit pins a build.
func ParseGitURL(raw string) (repo, commit, subdir string, err error) {
	s := strings.TrimPrefix(raw, "git+")
	frag := ""
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s, frag = s[:i], s[i+1:]
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" {
		return "", "", "", fmt.Errorf("git URL %q: not a URL", redactURL(raw))
	}
	switch u.Scheme {
	case "https", "http", "ssh", "git", "file":
	default:
		return "", "", "", fmt.Errorf("git URL %q: scheme %q: use https, ssh, git or file", redactURL(raw), u.Scheme)
	}
	for _, kv := range strings.Split(frag, "&") {
		switch k, v, _ := strings.Cut(kv, "="); {
		case k == "subdirectory":
			subdir = v
		case IsCommit(kv):
			commit = kv
		}
	}
	q := u.Query()
	if sd := q.Get("subdirectory"); sd != "" {
		subdir = sd
	}
	u.RawQuery = ""
	if at := strings.LastIndexByte(u.Path, '@'); at >= 0 {
		rev := u.Path[at+1:]
		u.Path = u.Path[:at]
		if commit == "" {
			commit = rev
		}
	}
	if commit == "" {
		commit = q.Get("rev")
	}
	if !IsCommit(commit) {
		return "", "", "", fmt.Errorf("git URL %q: pinned to %q, not to a full commit id: lock it (uv lock, poetry lock) or write @<40-hex commit>", redactURL(raw), commit)
	}
	if strings.Contains(subdir, "..") || strings.HasPrefix(subdir, "/") {
		return "", "", "", fmt.Errorf("git URL %q: subdirectory %q leaves the repository", redactURL(raw), subdir)
	}
	return u.String(), commit, strings.Trim(subdir, "/"), nil
}

// redactURL drops the user information of a URL, but an ssh user name
// (git@), which is no secret and which the server needs.
func redactURL(raw string) string {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok || strings.TrimPrefix(scheme, "git+") == "ssh" && !strings.Contains(strings.SplitN(rest, "@", 2)[0], ":") {
		return raw
	}
	host, path, _ := strings.Cut(rest, "/")
	if at := strings.LastIndexByte(host, '@'); at >= 0 {
		host = host[at+1:]
	}
	return scheme + "://" + host + "/" + path
}

// RedactURL is raw without credentials, for messages and the plan.
func RedactURL(raw string) string { return redactURL(raw) }
