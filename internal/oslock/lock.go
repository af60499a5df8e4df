package oslock

import (
	"cmp"
	"slices"
)

// FileName is the lockfile's name in the project directory.
const FileName = "pyko.lock"

// FormatVersion is the version this package reads and writes.
const FormatVersion = 1

// Lock is the content of pyko.lock.
type Lock struct {
	Version  int       `toml:"version"`
	Inputs   Inputs    `toml:"inputs"`
	Keys     []Key     `toml:"keys"`
	Packages []Package `toml:"packages"`
}

// Inputs are what the packages were resolved from. A build whose inputs
// differ must not use the lock.
type Inputs struct {
	// World is the sorted list of requested packages, e.g. "python-3.12".
	World []string `toml:"world"`
	// Repositories are the repository URLs in priority order.
	Repositories []string `toml:"repositories"`
	// Archs are the APK architectures, sorted, e.g. "aarch64", "x86_64".
	Archs []string `toml:"archs"`
}

// Key is a trusted signing key.
type Key struct {
	Name   string `toml:"name"`
	SHA256 string `toml:"sha256"` // of the key's DER (PKIX) encoding
}

// Package is one locked APK.
type Package struct {
	Arch       string `toml:"arch"`
	Name       string `toml:"name"`
	Version    string `toml:"version"`
	Repository string `toml:"repository"`
	Checksum   string `toml:"checksum"` // the index's C: field, "Q1" + base64 SHA-1 of the control stream
	Size       int64  `toml:"size"`
	// Origin and InstalledSize (the index's o: and I:) let a build from
	// the lock group packages into layers as a build from the index does.
	Origin        string `toml:"origin,omitempty"`
	InstalledSize int64  `toml:"installed-size,omitempty"`
}

// For returns the packages of arch, in the lock's order.
func (l *Lock) For(arch string) []Package {
	var out []Package
	for _, p := range l.Packages {
		if p.Arch == arch {
			out = append(out, p)
		}
	}
	return out
}

// normalize sorts what has no meaningful order, so that the file is the
// same whatever order the resolver or the platforms came in.
func (l *Lock) normalize() {
	l.Version = FormatVersion
	slices.Sort(l.Inputs.World)
	slices.Sort(l.Inputs.Archs)
	slices.SortFunc(l.Keys, func(a, b Key) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortStableFunc(l.Packages, func(a, b Package) int {
		return cmp.Or(cmp.Compare(a.Arch, b.Arch), cmp.Compare(a.Name, b.Name))
	})
}
