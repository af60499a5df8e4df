package pipfile

import (
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep440"
	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/python/pep508"
)

// entry is one package of a category, checked.
type entry struct {
	category, name string // name PEP 503-normalized
	version        string // the pinned version
	marker         *pep508.Marker
	hashes         []string // as lock.Package.Hashes writes them
	index          string   // the URL of the entry's named source
	file           *lock.File
	// built is set for a git entry pinned to a commit, or a path entry:
	// the package is built from it.
	built *lock.Built
	// problem says why the entry cannot be installed (not pinned, a path,
	// a VCS reference); Select reports it when the entry is selected.
	problem error
}

// errNeedsBuild explains what to do instead of an entry that needs a build.
var errNeedsBuild = errors.New("pyko installs built wheels and does not build from source: build a wheel (uv build, pip wheel) and depend on it by file, or on a released version")

// checkEntry checks one entry as written; dir is the lockfile's directory,
// for relative file paths, and sources maps source names to URLs.
func checkEntry(category, key string, e entryJSON, sources map[string]string, dir string) (entry, error) {
	if !pep503.Valid(key) {
		return entry{}, fmt.Errorf("%q is not a valid project name", key)
	}
	en := entry{category: category, name: pep503.Normalize(key)}
	var err error
	if e.Markers != "" {
		if en.marker, err = pep508.ParseMarker(e.Markers); err != nil {
			return entry{}, err
		}
	}
	if en.hashes, err = pinnedHashes(e.Hashes); err != nil {
		return entry{}, err
	}
	if e.Index != "" {
		u, ok := sources[e.Index]
		if !ok {
			return entry{}, fmt.Errorf("index %q is not among the _meta.sources names: run pipenv lock", e.Index)
		}
		en.index = u
	}
	if e.Version != "" && e.Version != "*" {
		specs, err := pep440.ParseSpecifiers(e.Version)
		if err != nil {
			return entry{}, err
		}
		en.version = pinned(specs)
	}
	switch system, vcsURL := e.vcs(); {
	case system == "git":
		repo, commit, sub, err := lock.ParseGitURL(vcsURL + "@" + e.Ref)
		if err != nil {
			en.problem = fmt.Errorf("git %s: %w", vcsURL, err)
			break
		}
		en.built = &lock.Built{Kind: lock.BuiltGit, URL: repo, Commit: commit, Subdirectory: strings.Trim(cmp.Or(e.Subdirectory, sub), "/")}
	case vcsURL != "":
		en.problem = fmt.Errorf("%s+%s: pyko builds from git only: publish a wheel, or depend on a released version", system, vcsURL)
	case e.Path != "" && e.File == "" && filepath.Clean(e.Path) == ".":
		en.problem = fmt.Errorf("path %q is this project, which pyko installs itself: keep it out of [packages] (pipenv install --dev -e .)", e.Path)
	case e.Path != "" && e.File == "":
		p := filepath.FromSlash(e.Path)
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		en.built = &lock.Built{Kind: lock.BuiltDirectory, Dir: filepath.Clean(p)}
	case e.File != "":
		if err := en.setFile(e.File, dir); err != nil {
			return entry{}, err
		}
	case en.version == "":
		en.problem = fmt.Errorf("version %q is not pinned to one version: run pipenv lock, which pins every package", e.Version)
	}
	return en, nil
}

// pinned returns the one version specs allow when it is a pin ("==X"
// without a wildcard, or "===X"), else "".
func pinned(specs pep440.Specifiers) string {
	if len(specs) != 1 {
		return ""
	}
	switch s := specs[0]; {
	case s.Op == pep440.OpEqual && !s.Wildcard:
		return s.Version.String()
	case s.Op == pep440.OpArbitrary:
		return s.Arbitrary
	}
	return ""
}

// setFile records a "file" entry: a URL, or a path relative to dir. Its
// version is the entry's pin, else the one its wheel file name gives.
func (en *entry) setFile(ref, dir string) error {
	u, err := url.Parse(ref)
	if err != nil {
		return fmt.Errorf("parsing file %q: %w", ref, err)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	case "", "file":
		p := filepath.FromSlash(u.Path)
		if u.Scheme == "" {
			p = filepath.FromSlash(ref)
		}
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		u = &url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Clean(p))}
	default:
		return fmt.Errorf("file %q: %s URLs are not supported", ref, u.Scheme)
	}
	u.Fragment, u.RawFragment = "", ""
	f := lock.File{URL: u.String(), Filename: path.Base(u.Path)}
	if len(en.hashes) == 1 {
		if alg, d := lock.SplitPin(en.hashes[0]); alg == "sha256" {
			f.SHA256 = d
		}
	}
	en.file = &f
	if en.version != "" {
		return nil
	}
	parts := strings.Split(strings.TrimSuffix(f.Filename, ".whl"), "-")
	if !strings.HasSuffix(f.Filename, ".whl") || (len(parts) != 5 && len(parts) != 6) {
		en.problem = fmt.Errorf("file %q: %w", f.Filename, errNeedsBuild)
		return nil
	}
	if pep503.Normalize(parts[0]) != en.name {
		return fmt.Errorf("file %q is %s, not %s", f.Filename, pep503.Normalize(parts[0]), en.name)
	}
	if _, err := pep440.Parse(parts[1]); err != nil {
		return fmt.Errorf("file %q: %w", f.Filename, err)
	}
	en.version = parts[1]
	return nil
}

// pinnedHashes checks "algorithm:hex" hashes (sha256, sha384 or sha512,
// as pip accepts) and returns them as lock.Package.Hashes writes them,
// each once.
func pinnedHashes(hashes []string) ([]string, error) {
	var out []string
	for _, h := range hashes {
		alg, d, err := lock.ParseHash(h)
		if err != nil {
			return nil, fmt.Errorf("hash %q is not sha256:<64 hex digits> (nor sha384 or sha512)", h)
		}
		if p := lock.Pin(alg, d); !contains(out, p) {
			out = append(out, p)
		}
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
