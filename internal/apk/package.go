package apk

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// Package is one package as an APKINDEX entry (or a .PKGINFO) describes it.
// The comments give the APKINDEX field letter and the .PKGINFO key.
type Package struct {
	Name             string       // P, pkgname
	Version          string       // V, pkgver
	Arch             string       // A, arch
	Checksum         string       // C: "Q1" + base64 SHA-1 of the control stream (or "Q2" + SHA-256)
	Size             int64        // S: size of the .apk file
	InstalledSize    int64        // I, size
	Description      string       // T, pkgdesc
	URL              string       // U, url
	License          string       // L, license
	Origin           string       // o, origin
	Maintainer       string       // m, maintainer
	BuildTime        int64        // t, builddate (Unix seconds)
	Commit           string       // c, commit
	Depends          []Dependency // D, depend
	Provides         []Dependency // p, provides
	InstallIf        []Dependency // i, install_if
	ProviderPriority int          // k, provider_priority
	Replaces         []Dependency // r, replaces
	ReplacesPriority int          // q, replaces_priority
	DataHash         string       // datahash (.PKGINFO only): hex SHA-256 of the data stream
	// Repository is the base URL of the repository the package came from
	// (without the arch directory). Set by whoever reads an index.
	Repository string
}

// Filename is the package's file name in its repository's arch directory.
func (p *Package) Filename() string { return p.Name + "-" + p.Version + ".apk" }

// ID names the package for messages: "name-version".
func (p *Package) ID() string { return p.Name + "-" + p.Version }

// DecodeChecksum reads an index's C: field: "Q1" + base64 SHA-1, or "Q2"
// + base64 SHA-256 of the control stream. alg is "sha1" or "sha256".
func DecodeChecksum(c string) (alg string, sum []byte, err error) {
	switch {
	case strings.HasPrefix(c, "Q1"):
		alg = "sha1"
	case strings.HasPrefix(c, "Q2"):
		alg = "sha256"
	default:
		return "", nil, fmt.Errorf("checksum %q: want Q1 (SHA-1) or Q2 (SHA-256)", c)
	}
	if sum, err = base64.StdEncoding.DecodeString(c[2:]); err != nil {
		return "", nil, fmt.Errorf("checksum %q: %w", c, err)
	}
	return alg, sum, nil
}
