package sbom

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	packageurl "github.com/anchore/packageurl-go"
	"github.com/github/go-spdx/v2/spdxexp"
)

// Type is what kind of package a Package is, as package URLs name it.
type Type string

// The package types pyko's images hold.
const (
	APK         Type = "apk"
	Deb         Type = "deb"
	PyPI        Type = "pypi"
	Application Type = "application"
)

// Document is the bill of materials of one image (one platform).
type Document struct {
	// Name names what is described: the image's repository, or the
	// application's name.
	Name string
	// Created is the image's creation time (SOURCE_DATE_EPOCH, or the
	// newest input), not the time of the build.
	Created time.Time
	// ToolVersion is pyko's version, the producer's.
	ToolVersion string
	// Platform is "linux/amd64".
	Platform string
	// App is the application: the root of the relationships.
	App Package
	// Packages are everything else in the image, sorted by ID.
	Packages []Package
}

// Package is one component of the image.
type Package struct {
	// ID is unique in the document and the same in every build: the
	// type, name and version ("apk/glibc@2.36-r14").
	ID      string
	Type    Type
	Name    string
	Version string
	// License is as the package declares it: an SPDX expression for
	// Wolfi's and PEP 639 packages, free text for older metadata.
	License string
	// Supplier is who distributes it ("Wolfi", "Debian", "PyPI"), and
	// Origin the source package it was built from (APK's o:).
	Supplier, Origin string
	Description      string
	Homepage         string
	// PURL is the package URL (https://github.com/package-url/purl-spec).
	PURL string
	// Checksums of the package as distributed: APK's control SHA-1, a
	// wheel's SHA-256.
	Checksums []Checksum
	// FileName is the file it was installed from. (No download URL: the
	// same package from a mirror or from its origin gives the same
	// image; where the bytes came from is the provenance's to say.)
	FileName string
	// BuiltFromSource marks a wheel pyko built from an sdist, a
	// directory or a git commit; SourceInfo says which.
	BuiltFromSource bool
	SourceInfo      string
	// DependsOn are the IDs of the packages of this document it needs.
	DependsOn []string
}

// Checksum is a digest of a package, hex encoded.
type Checksum struct {
	Algorithm string // "SHA1", "SHA256"
	Value     string
}

// ID is the document ID of a package of type t.
func ID(t Type, name, version string) string {
	if version == "" {
		return string(t) + "/" + name
	}
	return string(t) + "/" + name + "@" + version
}

// Finish sorts the packages and their dependencies and checks that IDs
// are unique and every dependency names a package of the document.
func (d *Document) Finish() error {
	slices.SortFunc(d.Packages, func(a, b Package) int { return cmp.Compare(a.ID, b.ID) })
	ids := map[string]bool{d.App.ID: true}
	for _, p := range d.Packages {
		if ids[p.ID] {
			return fmt.Errorf("sbom: package %s listed twice", p.ID)
		}
		ids[p.ID] = true
	}
	for _, p := range append([]*Package{&d.App}, ptrs(d.Packages)...) {
		slices.Sort(p.DependsOn)
		p.DependsOn = slices.Compact(p.DependsOn)
		for _, dep := range p.DependsOn {
			if !ids[dep] {
				return fmt.Errorf("sbom: %s depends on %s, which is not in the document", p.ID, dep)
			}
		}
	}
	return nil
}

func ptrs(ps []Package) []*Package {
	out := make([]*Package, len(ps))
	for i := range ps {
		out[i] = &ps[i]
	}
	return out
}

// APKPURL is the package URL of an APK: pkg:apk/wolfi/NAME@VERSION with
// the architecture, the distribution (os-release's ID-VERSION_ID) and,
// when it differs from the name, the origin as "upstream", as syft and
// grype write it.
func APKPURL(namespace, name, version, arch, distro, origin string) string {
	return purl(APK, namespace, name, version, arch, distro, upstream(name, origin, ""))
}

// DebPURL is the package URL of a Debian package, with its source
// package as "upstream" (and the source's version when it differs), as
// syft writes it.
func DebPURL(namespace, name, version, arch, distro, source, sourceVersion string) string {
	return purl(Deb, namespace, name, version, arch, distro, upstream(name, source, sourceVersion))
}

// PyPIPURL is the package URL of a Python distribution: its name
// lowercased with "_" as "-", as the purl spec says for pypi.
func PyPIPURL(name, version string) string {
	return purl(PyPI, "", strings.ReplaceAll(strings.ToLower(name), "_", "-"), version, "", "", "")
}

func upstream(name, origin, originVersion string) string {
	switch {
	case origin == "" || (origin == name && originVersion == ""):
		return ""
	case originVersion != "":
		return origin + "@" + originVersion
	}
	return origin
}

// purl writes a package URL with packageurl-go, which percent-encodes
// as grype matches ("+" in versions as %2B).
func purl(t Type, namespace, name, version, arch, distro, upstream string) string {
	q := map[string]string{}
	for k, v := range map[string]string{"arch": arch, "distro": distro, "upstream": upstream} {
		if v != "" {
			q[k] = v
		}
	}
	return packageurl.NewPackageURL(string(t), strings.ToLower(namespace), name, version, packageurl.QualifiersFromMap(q), "").ToString()
}

// Expression returns license when it is a valid SPDX license expression
// (Wolfi's L: fields, PEP 639's License-Expression); ok is false for free
// text ("BSD", a whole license's text), which formats carry as a name.
func Expression(license string) (expr string, ok bool) {
	license = strings.TrimSpace(license)
	if license == "" || strings.ContainsAny(license, "\n\r") {
		return "", false
	}
	if valid, _ := spdxexp.ValidateLicenses([]string{license}); !valid {
		return "", false
	}
	return license, true
}
