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
	// Build is set for a wheel built from source (reserved: no pyko
	// builds one yet).
	Build *SourceBuild `json:"build,omitempty"`
}

// ID is "name==version".
func (w Wheel) ID() string { return w.Name + "==" + w.Version }

// SourceBuild is how a wheel is built from source (reserved).
type SourceBuild struct {
	// Sdist is the source distribution, or a VCS or path reference.
	Sdist  string `json:"sdist"`
	SHA256 string `json:"sha256,omitempty"`
}

// CacheKey is the wheel's key in the download cache. It ends in the file
// name: the installer reads the wheel's name and tags from it.
func (w Wheel) CacheKey() string {
	if w.SHA256 != "" {
		return "wheels/sha256/" + w.SHA256 + "/" + w.Filename
	}
	return "wheels/url/" + fmt.Sprintf("%x", sha256.Sum256([]byte(w.URL))) + "/" + w.Filename
}
