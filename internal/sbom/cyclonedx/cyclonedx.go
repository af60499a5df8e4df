// Package cyclonedx encodes an sbom.Document as CycloneDX 1.6 JSON
// (https://cyclonedx.org/docs/1.6/json/) with CycloneDX/cyclonedx-go:
// the application is the metadata's component, every other package a
// component, and the dependency graph follows the packages'
// dependencies.
package cyclonedx

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/pyko-dev/pyko/internal/sbom"
)

// MediaType is the media type of a CycloneDX JSON document, as OCI
// referrers name it.
const MediaType = "application/vnd.cyclonedx+json"

// Encode returns d as indented CycloneDX 1.6 JSON. The same document
// gives the same bytes: the serial number is derived from the content,
// the time is the document's.
func Encode(d *sbom.Document) ([]byte, error) {
	bom := cdx.NewBOM()
	bom.SerialNumber = serial(d)
	app := component(d.App)
	app.Type = cdx.ComponentTypeApplication
	tools := []cdx.Component{{Type: cdx.ComponentTypeApplication, Name: "pyko", Version: d.ToolVersion}}
	bom.Metadata = &cdx.Metadata{
		Timestamp:  d.Created.UTC().Format(time.RFC3339),
		Tools:      &cdx.ToolsChoice{Components: &tools},
		Component:  &app,
		Properties: &[]cdx.Property{{Name: "pyko:platform", Value: d.Platform}},
	}
	var comps []cdx.Component
	for _, p := range d.Packages {
		comps = append(comps, component(p))
	}
	bom.Components = &comps
	var deps []cdx.Dependency
	for _, p := range append([]sbom.Package{d.App}, d.Packages...) {
		dep := cdx.Dependency{Ref: p.ID}
		if len(p.DependsOn) > 0 {
			on := append([]string(nil), p.DependsOn...)
			dep.Dependencies = &on
		}
		deps = append(deps, dep)
	}
	bom.Dependencies = &deps
	var buf bytes.Buffer
	enc := cdx.NewBOMEncoder(&buf, cdx.BOMFileFormatJSON)
	enc.SetPretty(true)
	enc.SetEscapeHTML(false)
	if err := enc.EncodeVersion(bom, cdx.SpecVersion1_6); err != nil {
		return nil, fmt.Errorf("encoding CycloneDX: %w", err)
	}
	return buf.Bytes(), nil
}

func component(p sbom.Package) cdx.Component {
	c := cdx.Component{BOMRef: p.ID, Type: cdx.ComponentTypeLibrary, Name: p.Name, Version: p.Version,
		Description: p.Description, PackageURL: p.PURL}
	if p.Supplier != "" {
		c.Supplier = &cdx.OrganizationalEntity{Name: p.Supplier}
	}
	if expr, ok := sbom.Expression(p.License); ok {
		c.Licenses = &cdx.Licenses{{Expression: expr}}
	} else if p.License != "" {
		c.Licenses = &cdx.Licenses{{License: &cdx.License{Name: p.License}}}
	}
	var hashes []cdx.Hash
	for _, h := range p.Checksums {
		alg, ok := algorithms[h.Algorithm]
		if ok {
			hashes = append(hashes, cdx.Hash{Algorithm: alg, Value: h.Value})
		}
	}
	if len(hashes) > 0 {
		c.Hashes = &hashes
	}
	var refs []cdx.ExternalReference
	if p.Homepage != "" {
		refs = append(refs, cdx.ExternalReference{Type: cdx.ERTypeWebsite, URL: p.Homepage})
	}
	if len(refs) > 0 {
		c.ExternalReferences = &refs
	}
	var props []cdx.Property
	if p.Origin != "" {
		props = append(props, cdx.Property{Name: "pyko:origin", Value: p.Origin})
	}
	if p.FileName != "" {
		props = append(props, cdx.Property{Name: "pyko:file", Value: p.FileName})
	}
	if p.BuiltFromSource {
		props = append(props, cdx.Property{Name: "pyko:built-from-source", Value: p.SourceInfo})
	}
	if len(props) > 0 {
		c.Properties = &props
	}
	return c
}

var algorithms = map[string]cdx.HashAlgorithm{"SHA1": cdx.HashAlgoSHA1, "SHA256": cdx.HashAlgoSHA256}

// serial is a version 4-shaped UUID URN made from a digest of the
// document's content: unique per content, the same for the same content.
func serial(d *sbom.Document) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\n", d.Name, d.Platform, d.App.ID)
	for _, p := range d.Packages {
		fmt.Fprintf(h, "%s %v\n", p.ID, p.Checksums)
	}
	b := h.Sum(nil)[:16]
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
