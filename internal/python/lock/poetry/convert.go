package poetry

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/lock"
)

// convert turns a reached package into what is fetched, rejecting the
// sources pyko cannot install from yet.
func (f *File) convert(p *pkg, via string) (lock.Package, error) {
	lp := lock.Package{Name: p.name, Version: p.version, Files: p.files, Source: "poetry.lock package " + p.id()}
	s := p.source
	if s == nil {
		return lp, nil
	}
	where := fmt.Sprintf("%s package %s (needed by %s)", f.path, p.id(), via)
	switch s.Type {
	case "legacy":
		lp.Index = s.URL
	case "git":
		if !lock.IsCommit(s.ResolvedReference) {
			return lp, fmt.Errorf("selecting from %s: it comes from git (%s) without a resolved commit: re-lock with `poetry lock`", where, redact(s.URL))
		}
		if _, _, _, err := lock.ParseGitURL(gitURL(s.URL) + "@" + s.ResolvedReference); err != nil {
			return lp, fmt.Errorf("selecting from %s: %w", where, err)
		}
		lp.Built = &lock.Built{Kind: lock.BuiltGit, URL: gitURL(s.URL), Commit: s.ResolvedReference, Subdirectory: strings.Trim(s.Subdirectory, "/")}
	case "directory":
		dir := s.URL
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(f.dir, filepath.FromSlash(dir))
		}
		if abs, err := filepath.Abs(dir); err == nil {
			dir = abs
		}
		lp.Built = &lock.Built{Kind: lock.BuiltDirectory, Dir: filepath.Clean(dir)}
	case "file", "url":
		for _, a := range p.files {
			if a.URL != "" && !strings.HasSuffix(strings.ToLower(a.Filename), ".whl") {
				return lp, fmt.Errorf("selecting from %s: it is a source archive (%s): building from source is not supported yet; "+
					"depend on a wheel instead", where, redact(s.URL))
			}
		}
	default:
		return lp, fmt.Errorf("selecting from %s: unknown source type %q: re-lock with `poetry lock`", where, s.Type)
	}
	return lp, nil
}

// redact drops credentials from a URL before it is printed.
func redact(raw string) string {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return raw
	}
	host, _, _ := strings.Cut(rest, "/")
	if at := strings.LastIndex(host, "@"); at >= 0 {
		return scheme + "://" + rest[at+1:]
	}
	return raw
}

// gitURL is a poetry git source URL as a URL: poetry also writes scp-like
// "git@host:owner/repo.git", which is ssh.
func gitURL(u string) string {
	if !strings.Contains(u, "://") {
		if user, rest, ok := strings.Cut(u, "@"); ok {
			if host, path, ok := strings.Cut(rest, ":"); ok {
				return "ssh://" + user + "@" + host + "/" + path
			}
		}
	}
	return u
}
