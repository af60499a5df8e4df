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
// not app data: with it in /app, locking would change the app layer), and
// NotableIgnores. They come before the
// lines of .dockerignore, so a "!" line there can re-include a path.
//
// Names that are not Python identifiers (they start with a dot) and bytecode
// are excluded at any depth; "venv" only at the root, since a package may
// well have a module or subpackage named venv.
func DefaultIgnores() []string {
	return append([]string{
		"**/.hg", "**/.svn",
		"**/.venv", "venv",
		"**/__pycache__", "**/*.pyc",
		"**/.pytest_cache", "**/.mypy_cache", "**/.ruff_cache",
		"**/.tox", "**/.nox",
		"pyko.lock",
	}, NotableIgnores()...)
}

// NotableIgnores are the default exclusions a build names when they
// leave something out, since the user may have meant it in /app:
// secrets (.env files but their examples, keys, cloud and registry
// credentials), git's and CI's files, editors' files. Tests and docs stay:
// they are harmless in an image, and some apps read them.
func NotableIgnores() []string {
	return []string{
		"**/.env", "**/.env.*", "!**/.env.example", "!**/.env.sample", "!**/.env.template", "!**/.env.dist",
		"**/*.pem", "**/*.key", "**/id_rsa", "**/id_rsa.*", "**/id_dsa", "**/id_ecdsa", "**/id_ed25519",
		"**/.aws", "**/.netrc", "**/.pypirc", "**/.git-credentials", "**/.docker",
		"**/.git", "**/.git?*", "**/.circleci",
		"**/.idea", "**/.vscode", "**/*.swp", "**/*~", "**/.DS_Store",
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

// readIgnoreRules builds the rules from DefaultIgnores, the content of
// an ignore file (nil when there is none) and extra patterns ([tool.pyko]
// exclude and include). path names the file in errors.
func readIgnoreRules(path string, data []byte, extra ...string) (*ignoreRules, error) {
	user, err := ignorefile.ReadAll(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	user = append(user, extra...)
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
	// Only the user's exceptions make excluded directories worth walking:
	// the defaults' ("!**/.env.example") keep a file where it is, and must
	// not send the walk into .git or .venv.
	users, err := patternmatcher.New(user)
	if err != nil {
		return nil, fmt.Errorf("parsing %s: %w", path, err)
	}
	for _, p := range users.Patterns() {
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
