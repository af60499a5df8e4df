// Package spdx encodes an sbom.Document as SPDX 2.3 JSON
// (https://spdx.github.io/spdx-spec/v2.3/) with spdx/tools-golang:
// the document describes the application, which contains every other
// package; DEPENDS_ON relationships follow the packages' dependencies.
package spdx

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"time"

	"github.com/spdx/tools-golang/json"
	"github.com/spdx/tools-golang/spdx/v2/common"
	v23 "github.com/spdx/tools-golang/spdx/v2/v2_3"

	"github.com/pyko-dev/pyko/internal/sbom"
)

// MediaType is the media type of an SPDX JSON document, as OCI
// referrers name it.
const MediaType = "application/spdx+json"

const noAssertion = "NOASSERTION"

// Encode returns d as indented SPDX 2.3 JSON. The same document gives
// the same bytes: the namespace is derived from the content, the time is
// the document's.
func Encode(d *sbom.Document) ([]byte, error) {
	ids := elementIDs(d)
	doc := &v23.Document{
		SPDXVersion:       v23.Version,
		DataLicense:       v23.DataLicense,
		SPDXIdentifier:    "DOCUMENT",
		DocumentName:      d.Name,
		DocumentNamespace: namespace(d),
		CreationInfo: &v23.CreationInfo{
			Creators: []common.Creator{{CreatorType: "Tool", Creator: creator(d.ToolVersion)}},
			Created:  d.Created.UTC().Format(time.RFC3339),
		},
	}
	app := pkg(d.App, ids)
	app.PrimaryPackagePurpose = "APPLICATION"
	doc.Packages = append(doc.Packages, app)
	doc.Relationships = append(doc.Relationships, rel("DOCUMENT", "DESCRIBES", ids[d.App.ID]))
	for _, p := range d.Packages {
		doc.Packages = append(doc.Packages, pkg(p, ids))
		doc.Relationships = append(doc.Relationships, rel(ids[d.App.ID], "CONTAINS", ids[p.ID]))
	}
	for _, p := range append([]sbom.Package{d.App}, d.Packages...) {
		for _, dep := range p.DependsOn {
			doc.Relationships = append(doc.Relationships, rel(ids[p.ID], "DEPENDS_ON", ids[dep]))
		}
	}
	var buf bytes.Buffer
	if err := json.Write(doc, &buf, json.Indent("  "), json.EscapeHTML(false)); err != nil {
		return nil, fmt.Errorf("encoding SPDX: %w", err)
	}
	return buf.Bytes(), nil
}

func pkg(p sbom.Package, ids map[string]common.ElementID) *v23.Package {
	out := &v23.Package{
		PackageName:             p.Name,
		PackageSPDXIdentifier:   ids[p.ID],
		PackageVersion:          p.Version,
		PackageFileName:         p.FileName,
		PackageDownloadLocation: noAssertion,
		PackageHomePage:         p.Homepage,
		PackageSourceInfo:       p.SourceInfo,
		PackageLicenseConcluded: noAssertion,
		PackageLicenseDeclared:  noAssertion,
		PackageCopyrightText:    noAssertion,
		PackageDescription:      p.Description,
	}
	if p.Supplier != "" {
		out.PackageSupplier = &common.Supplier{SupplierType: "Organization", Supplier: p.Supplier}
	}
	if expr, ok := sbom.Expression(p.License); ok {
		out.PackageLicenseDeclared = expr
	} else if p.License != "" {
		out.PackageLicenseComments = "declared: " + p.License
	}
	for _, c := range p.Checksums {
		out.PackageChecksums = append(out.PackageChecksums, common.Checksum{Algorithm: common.ChecksumAlgorithm(c.Algorithm), Value: c.Value})
	}
	if p.PURL != "" {
		out.PackageExternalReferences = []*v23.PackageExternalReference{{Category: "PACKAGE-MANAGER", RefType: "purl", Locator: p.PURL}}
	}
	if p.BuiltFromSource {
		out.PackageComment = "built from source by pyko"
	}
	return out
}

func rel(from common.ElementID, kind string, to common.ElementID) *v23.Relationship {
	return &v23.Relationship{
		RefA:         common.DocElementID{ElementRefID: from},
		RefB:         common.DocElementID{ElementRefID: to},
		Relationship: kind,
	}
}

// creator names pyko and its version, as SPDX's "Tool: name-version".
func creator(version string) string {
	if version == "" {
		return "pyko"
	}
	return "pyko-" + version
}

var notIDChar = regexp.MustCompile(`[^A-Za-z0-9.-]+`)

// elementIDs gives every package an SPDX element ID made of its ID's
// allowed characters; a clash gets a digest of the ID appended.
func elementIDs(d *sbom.Document) map[string]common.ElementID {
	ids := map[string]common.ElementID{}
	used := map[common.ElementID]bool{"DOCUMENT": true}
	for _, p := range append([]sbom.Package{d.App}, d.Packages...) {
		id := common.ElementID("Package-" + notIDChar.ReplaceAllString(p.ID, "-"))
		if used[id] {
			sum := sha256.Sum256([]byte(p.ID))
			id += common.ElementID("-" + hex.EncodeToString(sum[:4]))
		}
		used[id] = true
		ids[p.ID] = id
	}
	return ids
}

// namespace is the document's unique URI: the name and a digest of
// every package's ID and checksums, so two different documents never
// share one and the same document always has the same.
func namespace(d *sbom.Document) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\n", d.Name, d.Platform, d.App.ID)
	for _, p := range d.Packages {
		fmt.Fprintf(h, "%s %v\n", p.ID, p.Checksums)
	}
	return "https://pyko.dev/spdx/" + notIDChar.ReplaceAllString(d.Name, "-") + "-" + hex.EncodeToString(h.Sum(nil)[:16])
}
