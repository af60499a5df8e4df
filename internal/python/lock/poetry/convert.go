package poetry

import (
	"fmt"
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
		return lp, fmt.Errorf("selecting from %s: it comes from git (%s): git dependencies are not supported yet; publish a wheel or use a URL",
			where, redact(s.URL))
	case "directory":
		return lp, fmt.Errorf("selecting from %s: it is a local project (%s): building local projects is not supported yet; "+
			"build a wheel and depend on its path", where, s.URL)
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
