package plan

import (
	"crypto/sha256"
	"fmt"
)

// Wheel is the file chosen for one distribution on one platform.
type Wheel struct {
	Name     string `json:"name"`
	Version  string `json:"version"`
	Filename string `json:"filename"`
	// URL is where it is fetched from, without credentials.
	URL string `json:"url"`
	// SHA256 is the file's hex digest when the lock or the index gives
	// it; the download must match it.
	SHA256 string `json:"sha256"`
	// Hashes are further digests, "algorithm:hex" (sha256, sha384,
	// sha512), sorted: the file's own, and the lock's pins of an algorithm
	// of which the file's digest was not known when planning. For each
	// algorithm listed, the download's digest must be one of those listed
	// (a lock that pins several files lists one digest per file).
	Hashes []string `json:"hashes,omitempty"`
	Size   int64    `json:"size"`
	// Tag is the wheel's tag that matched, the most preferred of its tags.
	Tag string `json:"tag"`
	// Source says where the pin comes from ("uv.lock package flask").
	Source string `json:"source"`
	// Build is set for a wheel built from source: then Filename, URL,
	// SHA256, Hashes, Size and Tag are empty (the wheel exists only once
	// built) and the platform has a BuildRoot.
	Build *SourceBuild `json:"build,omitempty"`
}

// ID is "name==version", or the name of a wheel built from a source
// that does not say its version (a git or path requirement).
func (w Wheel) ID() string {
	if w.Version == "" {
		return w.Name
	}
	return w.Name + "==" + w.Version
}

// SourceBuild is the source a wheel is built from.
type SourceBuild struct {
	// Kind is SourceSdist, SourceDirectory or SourceGit.
	Kind string `json:"kind"`
	// Filename, URL (without credentials), SHA256, Hashes and Size are
	// the sdist's, checked like a wheel's. For git, URL is the
	// repository's.
	Filename string   `json:"filename,omitempty"`
	URL      string   `json:"url,omitempty"`
	SHA256   string   `json:"sha256,omitempty"`
	Hashes   []string `json:"hashes,omitempty"`
	Size     int64    `json:"size,omitempty"`
	// Path is a directory's, relative to the project directory and
	// slash-separated ("packages/core", "../lib"); Files are its files
	// as they are built, each checked against its hash when copied.
	Path  string    `json:"path,omitempty"`
	Files []AppFile `json:"files,omitempty"`
	// Commit pins a git repository (the full hex id, checked after the
	// checkout); Subdirectory is where the project is inside it.
	Commit       string `json:"commit,omitempty"`
	Subdirectory string `json:"subdirectory,omitempty"`
}

// Kinds of SourceBuild.
const (
	SourceSdist     = "sdist"
	SourceDirectory = "directory"
	SourceGit       = "git"
)

// Describe names the source for a person: the sdist, the directory or
// the repository at its commit.
func (s SourceBuild) Describe() string {
	switch s.Kind {
	case SourceDirectory:
		return s.Path
	case SourceGit:
		d := s.URL + "@" + s.Commit
		if s.Subdirectory != "" {
			d += "#subdirectory=" + s.Subdirectory
		}
		return d
	}
	return s.Filename
}

// CacheKey is the sdist's key in the download cache.
func (s SourceBuild) CacheKey() string { return cacheKey("sdists", s.SHA256, s.URL, s.Filename) }

// CacheKey is the wheel's key in the download cache. It ends in the file
// name: the installer reads the wheel's name and tags from it.
func (w Wheel) CacheKey() string { return cacheKey("wheels", w.SHA256, w.URL, w.Filename) }

// cacheKey names a file by its sha256 when known, else by its URL's.
func cacheKey(kind, sha, url, filename string) string {
	if sha != "" {
		return kind + "/sha256/" + sha + "/" + filename
	}
	return kind + "/url/" + fmt.Sprintf("%x", sha256.Sum256([]byte(url))) + "/" + filename
}
