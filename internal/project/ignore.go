package project

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

// DefaultIgnores are the patterns pyko always excludes from the app files:
// version control, virtual environments, caches and pyko.lock (build input,
// not app data: with it in /app, locking would change the app layer). They come before the
// lines of .dockerignore, so a "!" line there can re-include a path.
//
// Names that are not Python identifiers (they start with a dot) and bytecode
// are excluded at any depth; "venv" only at the root, since a package may
// well have a module or subpackage named venv.
func DefaultIgnores() []string {
	return []string{
		"**/.git", "**/.hg", "**/.svn",
		"**/.venv", "venv",
		"**/__pycache__", "**/*.pyc",
		"**/.pytest_cache", "**/.mypy_cache", "**/.ruff_cache",
		"**/.tox", "**/.nox",
		"pyko.lock",
	}
}

// ignoreRules decides which paths of the project are left out.
type ignoreRules struct {
	pm *patternmatcher.PatternMatcher
	// wildExceptions is set when an exception ("!" line) holds a wildcard:
	// then any excluded directory may hold an included path.
	wildExceptions bool
	exceptions     []string // literal exception patterns, slash-separated
}

// readIgnoreRules builds the rules from DefaultIgnores and the content of
// a .dockerignore file (nil when there is none). path names the file in errors.
func readIgnoreRules(path string, data []byte) (*ignoreRules, error) {
	user, err := ignorefile.ReadAll(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	patterns := append(DefaultIgnores(), user...)
	for _, p := range user {
		if _, err := patternmatcher.New([]string{p}); err != nil {
			return nil, fmt.Errorf("parsing %s: pattern %q: %w", path, p, err)
		}
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		return nil, fmt.Errorf("parsing %s: %w", path, err)
	}
	r := &ignoreRules{pm: pm}
	for _, p := range pm.Patterns() {
		if !p.Exclusion() {
			continue
		}
		s := filepath.ToSlash(p.String())
		if strings.ContainsAny(strings.TrimSuffix(s, "/**"), `*?[\`) {
			r.wildExceptions = true
		}
		r.exceptions = append(r.exceptions, s)
	}
	return r, nil
}

// excluded reports whether rel (slash-separated) is left out; parent holds
// the match results of its directory and the result holds those of rel.
func (r *ignoreRules) excluded(rel string, parent patternmatcher.MatchInfo) (bool, patternmatcher.MatchInfo, error) {
	return r.pm.MatchesUsingParentResults(rel, parent)
}

// mayHoldIncluded reports whether the excluded directory rel may still hold
// a path that an exception re-includes, so that it must be walked. This is
// the pruning of BuildKit's context walker (tonistiigi/fsutil walker.go):
// with literal exceptions only, a directory is walked when one of them lies
// inside it or is it; with any wildcard exception, every directory is.
func (r *ignoreRules) mayHoldIncluded(rel string) bool {
	if r.wildExceptions {
		return true
	}
	dirSlash := rel + "/"
	for _, e := range r.exceptions {
		if strings.HasPrefix(e+"/", dirSlash) {
			return true
		}
	}
	return false
}
