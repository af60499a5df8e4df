package requirements

import (
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/pep440"
	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/python/pep508"
)

// requirement is one requirement or constraint line.
type requirement struct {
	file       string // the file, as LineError.File names it
	line       int    // the number of its first physical line
	text       string // as written, for messages
	constraint bool   // from a -c file
	name       string // PEP 503-normalized
	extras     []string
	specs      pep440.Specifiers
	direct     *direct // a URL or path requirement
	marker     *pep508.Marker
	hashes     []string // sha256 digests from --hash
	hashed     bool     // --hash was given, which asks for hash checking
}

// where names the line, as in "requirements.txt line 12".
func (r requirement) where() string { return fmt.Sprintf("%s line %d", r.file, r.line) }

// parseRequirement reads the requirement part of a line; dir is the
// directory of its file, for relative paths. As pip does, a bare URL or a
// path to an archive or directory is taken before PEP 508, and a URL's
// marker follows "; " since ";" may appear in a URL.
func parseRequirement(text, dir string) (requirement, error) {
	r := requirement{text: redactText(text)}
	if urlScheme(text) != "" {
		ref, marker, _ := strings.Cut(text, "; ")
		return r.standalone(strings.TrimSpace(ref), marker, dir)
	}
	if head, marker, _ := strings.Cut(text, ";"); isPath(strings.TrimSpace(head)) {
		return r.standalone(strings.TrimSpace(head), marker, dir)
	}
	req, err := pep508.ParseRequirement(absoluteRef(text, dir))
	if err != nil {
		return r, err
	}
	r.name, r.specs, r.marker, r.extras = pep503.Normalize(req.Name), req.Specifiers, req.Marker, req.Extras
	if req.URL != "" {
		d, err := parseDirect(req.URL, dir, req.Name)
		if err != nil {
			return r, err
		}
		r.direct = &d
	}
	return r, nil
}

// standalone completes a requirement that is only a URL or a path,
// optionally with extras (ignored: the file is flat) and a marker.
func (r requirement) standalone(ref, marker, dir string) (requirement, error) {
	ref = trailingExtras.ReplaceAllString(ref, "")
	d, err := parseDirect(ref, dir, "")
	if err != nil {
		return r, err
	}
	if d.name == "" {
		return r, fmt.Errorf("cannot tell which project %s is: write it as NAME @ URL", redact(d.file.URL))
	}
	r.name, r.direct = d.name, &d
	if marker = strings.TrimSpace(marker); marker != "" {
		if r.marker, err = pep508.ParseMarker(marker); err != nil {
			return r, err
		}
	}
	return r, nil
}

// localRef is "name[extras] @ ref rest", to find a local reference.
var localRef = regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9._-]*[ \t]*(?:\[[^\]]*\])?[ \t]*@[ \t]*)(\S+)(.*)$`)

// absoluteRef rewrites the reference of "name @ ./dist/x.whl" or "name @
// file:dist/x.whl", which PEP 508 does not allow but pip and uv accept, as
// an absolute file URL, a relative one being relative to dir.
func absoluteRef(text, dir string) string {
	m := localRef.FindStringSubmatch(text)
	if m == nil {
		return text
	}
	ref := m[2]
	lower := strings.ToLower(ref)
	if urlScheme(ref) != "" && (!strings.HasPrefix(lower, "file:") || strings.HasPrefix(lower, "file://")) {
		return text
	}
	if strings.HasPrefix(lower, "file:") {
		ref = ref[len("file:"):]
	}
	p := filepath.FromSlash(ref)
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Clean(p))}
	return m[1] + u.String() + m[3]
}

// trailingExtras are the extras pip strips from a path: "./x.whl[socks]".
var trailingExtras = regexp.MustCompile(`\[[^\]]+\]$`)

// isPath reports whether a requirement is a local path rather than a PEP
// 508 requirement: it has a path separator or starts with "." (pip's
// _looks_like_path), or is an archive file name, unless it has an "@"
// whose left side looks like a name ("flask @ ./x.whl" is PEP 508).
func isPath(s string) bool {
	looksLikePath := func(s string) bool {
		return strings.ContainsAny(s, `/\`) || strings.HasPrefix(s, ".")
	}
	if before, _, ok := strings.Cut(s, "@"); ok && !looksLikePath(before) {
		return false
	}
	return looksLikePath(s) || isArchive(trailingExtras.ReplaceAllString(s, ""))
}

// pin is the one version a requirement allows, if it does: "==X" without
// a wildcard, "===X", or a direct reference.
func (r requirement) pin() (version string, ok bool) {
	if r.direct != nil {
		return r.direct.version, true
	}
	for _, s := range r.specs {
		switch {
		case s.Op == pep440.OpEqual && !s.Wildcard:
			return s.Version.String(), true
		case s.Op == pep440.OpArbitrary:
			return s.Arbitrary, true
		}
	}
	return "", false
}
