package requirements

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep440"
	"github.com/pyko-dev/pyko/internal/python/pep503"
)

// direct is what a direct reference (a URL or a local path) names: one
// distribution file, with the name and version its file name gives.
type direct struct {
	name    string // normalized
	version string // "" when the file name does not tell
	file    lock.File
	// built is set for a git commit or a local project directory: the
	// package is built from it (file.URL then only identifies it).
	built *lock.Built
}

// archiveExts are the file names pip takes for distributions (its
// ARCHIVE_EXTENSIONS plus wheels); anything else is a project directory.
var archiveExts = []string{".whl", ".zip", ".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tbz",
	".tar.xz", ".txz", ".tlz", ".tar.lz", ".tar.lzma"}

func isArchive(name string) bool {
	lower := strings.ToLower(name)
	for _, ext := range archiveExts {
		if strings.HasSuffix(lower, ext) {
			return true
		}
	}
	return false
}

// errNeedsBuild explains what to do instead of a reference that would need
// building from source.
var errNeedsBuild = errors.New("pyko installs built wheels and does not build from source: build a wheel (uv build, pip wheel) and reference the .whl, or pin a released version (name==X.Y)")

// parseDirect reads a direct reference. A relative path or file: URL is
// relative to dir, the directory of the requirements file. name is the
// requirement's name, "" when the reference stands alone and its file name
// or "#egg=" fragment must name it. The file's SHA256 comes from a
// "#sha256=" fragment; the fragment is not part of the URL kept.
func parseDirect(ref, dir, name string) (direct, error) {
	scheme := urlScheme(ref)
	if strings.HasPrefix(scheme, "git+") {
		return parseGit(ref, name)
	}
	if scheme == "" { // a path
		p := filepath.FromSlash(ref)
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		ref = (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Clean(p))}).String()
		scheme = "file"
	}
	if scheme != "http" && scheme != "https" && scheme != "file" {
		return direct{}, fmt.Errorf("%s URLs are not supported: %w", scheme, errNeedsBuild)
	}
	u, err := url.Parse(ref)
	if err != nil {
		return direct{}, fmt.Errorf("parsing URL %q: %w", redact(ref), err)
	}
	frag, _ := url.ParseQuery(u.Fragment)
	u.Fragment, u.RawFragment = "", ""
	if scheme == "file" {
		if u, err = fileURL(u, dir); err != nil {
			return direct{}, err
		}
	}
	if name == "" {
		name = frag.Get("egg")
	}
	d := direct{name: pep503.Normalize(name)}
	d.file.URL = u.String()
	d.file.Filename = path.Base(u.Path)
	if h := frag.Get("sha256"); h != "" {
		if _, digest, err := parseHash("sha256:" + h); err == nil {
			d.file.SHA256 = digest
		} else {
			return direct{}, fmt.Errorf("URL fragment: %w", err)
		}
	}
	if scheme == "file" && !isArchive(d.file.Filename) && !strings.HasSuffix(strings.ToLower(d.file.Filename), ".whl") {
		// A project directory: built from it.
		if d.name == "" {
			return direct{}, fmt.Errorf("%s: a project directory needs its name: write NAME @ %s", redact(d.file.URL), ref)
		}
		d.built = &lock.Built{Kind: lock.BuiltDirectory, Dir: filepath.FromSlash(u.Path)}
		return d, nil
	}
	if err := d.nameFile(); err != nil {
		return direct{}, fmt.Errorf("%s: %w", redact(d.file.URL), err)
	}
	return d, nil
}

// parseGit reads "NAME @ git+URL@COMMIT" (or a bare URL with #egg=NAME):
// built from that commit, which must be a full commit id.
func parseGit(ref, name string) (direct, error) {
	if name == "" {
		if _, frag, ok := strings.Cut(ref, "#"); ok {
			q, _ := url.ParseQuery(frag)
			name = q.Get("egg")
		}
	}
	if name == "" {
		return direct{}, fmt.Errorf("%s: a git reference needs its name: write NAME @ git+URL@COMMIT", redact(ref))
	}
	repo, commit, sub, err := lock.ParseGitURL(ref)
	if err != nil {
		return direct{}, err
	}
	d := direct{name: pep503.Normalize(name), built: &lock.Built{Kind: lock.BuiltGit, URL: repo, Commit: commit, Subdirectory: sub}}
	d.file.URL = repo + "@" + commit
	return d, nil
}

// nameFile takes the name and version from the file name: a wheel's is
// name-version(-build)?-python-abi-platform.whl, an sdist's name-version
// and an archive extension. Anything else is a project directory.
func (d *direct) nameFile() error {
	fn := d.file.Filename
	switch {
	case strings.HasSuffix(strings.ToLower(fn), ".whl"):
		parts := strings.Split(fn[:len(fn)-len(".whl")], "-")
		if len(parts) != 5 && len(parts) != 6 {
			return fmt.Errorf("%q is not a wheel file name (name-version-python-abi-platform.whl)", fn)
		}
		return d.setNameVersion(parts[0], parts[1])
	case isArchive(fn):
		stem := fn
		for _, ext := range archiveExts {
			if strings.HasSuffix(strings.ToLower(stem), ext) {
				stem = stem[:len(stem)-len(ext)]
				break
			}
		}
		i := strings.LastIndexByte(stem, '-')
		if i <= 0 {
			return fmt.Errorf("source archive %q does not say its name and version (name-version.tar.gz)", fn)
		}
		return d.setNameVersion(stem[:i], stem[i+1:])
	}
	return fmt.Errorf("a project directory or unknown file type: %w", errNeedsBuild)
}

// setNameVersion checks the name and version a file name gives against the
// requirement's name, when it has one.
func (d *direct) setNameVersion(name, version string) error {
	if _, err := pep440.Parse(version); err != nil {
		return fmt.Errorf("file %q: %w", d.file.Filename, err)
	}
	switch n := pep503.Normalize(name); {
	case d.name == "":
		d.name = n
	case d.name != n:
		return fmt.Errorf("file %q is %s, not %s", d.file.Filename, n, d.name)
	}
	d.version = version
	return nil
}
