package executor

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"strings"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/python/pep508"
	"github.com/pyko-dev/pyko/internal/sbom"
	"github.com/pyko-dev/pyko/internal/sbom/cyclonedx"
	"github.com/pyko-dev/pyko/internal/sbom/spdx"
)

// SBOMDir is where an image's bills of materials go, as apko puts its
// own: syft and trivy read the SPDX and CycloneDX files they find there.
const SBOMDir = "var/lib/db/sbom"

// SBOM is one encoded bill of materials of a platform's image.
type SBOM struct {
	Format    string // plan.SBOMSPDX or plan.SBOMCycloneDX
	MediaType string
	// Path is where the image holds it ("var/lib/db/sbom/app.spdx.json").
	Path string
	Data []byte
}

// platformFacts is what a platform's SBOM is made from: the OS packages
// pyko installed, or the base image's package databases.
type platformFacts struct {
	os     *osFacts
	base   *image.Facts
	wheels []wheelFacts
}

// sbomLayer writes pl's planned SBOM layer, when it has one: the
// image's bill of materials in each planned format.
func (x *execution) sbomLayer(ctx context.Context, pl plan.Platform, f platformFacts) ([]image.Addition, []SBOM, error) {
	var l *plan.Layer
	for i := range pl.Layers {
		if pl.Layers[i].Kind == plan.KindSBOM {
			l = &pl.Layers[i]
		}
	}
	if l == nil {
		return nil, nil, nil
	}
	doc, err := x.sbomDocument(pl, f, l.Note)
	if err != nil {
		return nil, nil, err
	}
	name := fileName(doc.App.Name)
	dirs := []string{"var", "var/lib", "var/lib/db", SBOMDir}
	var es []layer.Entry
	for _, d := range dirs {
		es = append(es, layer.Entry{Path: d, Mode: fs.ModeDir | 0o755})
	}
	var out []SBOM
	for _, format := range l.SBOM {
		s := SBOM{Format: format}
		switch format {
		case plan.SBOMSPDX:
			s.MediaType, s.Path = spdx.MediaType, SBOMDir+"/"+name+".spdx.json"
			s.Data, err = spdx.Encode(doc)
		case plan.SBOMCycloneDX:
			s.MediaType, s.Path = cyclonedx.MediaType, SBOMDir+"/"+name+".cdx.json"
			s.Data, err = cyclonedx.Encode(doc)
		default:
			err = fmt.Errorf("SBOM format %q", format)
		}
		if err != nil {
			return nil, nil, err
		}
		data := s.Data
		es = append(es, layer.Entry{Path: s.Path, Mode: 0o644, Size: int64(len(data)),
			Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }})
		out = append(out, s)
	}
	lay, err := x.writeLayer(ctx, "sbom", es, x.layerOpts()...)
	if err != nil {
		return nil, nil, fmt.Errorf("writing the SBOM layer: %w", err)
	}
	return []image.Addition{{Layer: lay, History: x.history("pyko: SBOM " + strings.Join(l.SBOM, " ") + " in /" + SBOMDir)}}, out, nil
}

var notFileChar = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func fileName(s string) string {
	if s = strings.Trim(notFileChar.ReplaceAllString(s, "-"), ".-"); s == "" {
		return "image"
	}
	return s
}

// sbomDocument describes pl's image: the app, its Python distributions
// and OS packages, from the packages' own metadata and the plan.
func (x *execution) sbomDocument(pl plan.Platform, f platformFacts, tool string) (*sbom.Document, error) {
	name, version := x.p.Project.Name, x.p.Project.Version
	if name == "" {
		name = fileName(x.p.App.Dir)
	}
	doc := &sbom.Document{Name: name, Created: x.created(), ToolVersion: strings.TrimSpace(strings.TrimPrefix(tool, "pyko")), Platform: pl.Platform,
		App: sbom.Package{ID: sbom.ID(sbom.Application, name, version), Type: sbom.Application, Name: name, Version: version}}
	if pl.Self != nil {
		// The project is installed as a distribution (its .dist-info is in
		// site-packages): scanners see it as a PyPI package.
		doc.App.PURL = sbom.PyPIPURL(pl.Self.Name, pl.Self.Version)
	}
	if rev := pl.Config.Annotations["org.opencontainers.image.revision"]; rev != "" {
		doc.App.SourceInfo = "git revision " + rev
	}
	osIDs := x.osPackages(doc, f.os)
	if f.base != nil {
		osIDs = basePackages(doc, f.base)
	}
	pyIDs := pythonPackages(doc, pl, f.wheels)
	doc.App.DependsOn = appDepends(pl, f, osIDs, pyIDs)
	if err := doc.Finish(); err != nil {
		return nil, err
	}
	return doc, nil
}

// osPackages adds the OS packages and returns their IDs by name.
func (x *execution) osPackages(doc *sbom.Document, f *osFacts) map[string]string {
	ids := map[string]string{}
	if f == nil {
		return ids
	}
	for _, p := range f.Packages {
		ids[p.Name] = sbom.ID(sbom.APK, p.Name, p.Version)
	}
	distro := f.Release.ID
	if f.Release.VersionID != "" {
		distro += "-" + f.Release.VersionID
	}
	for _, p := range f.Packages {
		s := sbom.Package{ID: ids[p.Name], Type: sbom.APK, Name: p.Name, Version: p.Version, License: p.License,
			Supplier: f.Release.Name, Origin: p.Origin, Description: p.Description, Homepage: p.URL,
			PURL:     sbom.APKPURL(f.Release.ID, p.Name, p.Version, p.Arch, distro, p.Origin),
			FileName: p.Name + "-" + p.Version + ".apk"}
		if c, ok := apkChecksum(p.Checksum); ok {
			s.Checksums = []sbom.Checksum{c}
		}
		for _, d := range p.Depends {
			s.DependsOn = append(s.DependsOn, ids[d])
		}
		doc.Packages = append(doc.Packages, s)
	}
	return ids
}

// apkChecksum is APK's control checksum as an SBOM digest.
func apkChecksum(c string) (sbom.Checksum, bool) {
	alg, sum, err := apk.DecodeChecksum(c)
	if err != nil {
		return sbom.Checksum{}, false
	}
	return sbom.Checksum{Algorithm: strings.ToUpper(alg), Value: hex.EncodeToString(sum)}, true
}

// pythonPackages adds the Python distributions and returns their IDs by
// normalised name.
func pythonPackages(doc *sbom.Document, pl plan.Platform, wheels []wheelFacts) map[string]string {
	ids := map[string]string{}
	for _, w := range wheels {
		ids[pep503.Normalize(w.Name)] = sbom.ID(sbom.PyPI, pep503.Normalize(w.Name), w.Version)
	}
	for _, w := range wheels {
		p := sbom.Package{ID: ids[pep503.Normalize(w.Name)], Type: sbom.PyPI, Name: w.Name, Version: w.Version,
			License: w.License, Description: w.Summary, Homepage: w.HomePage, PURL: sbom.PyPIPURL(w.Name, w.Version)}
		if w.SHA256 != "" {
			p.Checksums = []sbom.Checksum{{Algorithm: "SHA256", Value: w.SHA256}}
		}
		if pw, ok := planWheel(pl, w.ID); ok {
			p.FileName = pw.Filename
			if b := pw.Build; b != nil {
				p.BuiltFromSource, p.SourceInfo = true, builtFrom(*b)
				if b.SHA256 != "" {
					p.Checksums = []sbom.Checksum{{Algorithm: "SHA256", Value: b.SHA256}}
				}
			}
		}
		for _, r := range w.Requires {
			if id, ok := ids[r]; ok && id != p.ID {
				p.DependsOn = append(p.DependsOn, id)
			}
		}
		doc.Packages = append(doc.Packages, p)
	}
	return ids
}

// builtFrom says what a wheel pyko built was built from, naming nothing
// that depends on where it was fetched from: a checksum's sdist file
// name, a directory relative to the project, a git commit.
func builtFrom(b plan.SourceBuild) string {
	switch b.Kind {
	case plan.SourceSdist:
		return "built by pyko from the sdist " + b.Filename
	case plan.SourceDirectory:
		return "built by pyko from the project's directory " + b.Path
	case plan.SourceGit:
		s := "built by pyko from git commit " + b.Commit
		if b.Subdirectory != "" {
			s += " (" + b.Subdirectory + ")"
		}
		return s
	}
	return "built by pyko from " + b.Kind
}

func planWheel(pl plan.Platform, id string) (plan.Wheel, bool) {
	for _, w := range pl.Wheels {
		if w.ID() == id {
			return w, true
		}
	}
	return plan.Wheel{}, false
}

// appDepends are the app's direct dependencies: its project's
// dependencies when it has a pyproject (else every distribution nothing
// else needs), and the python package it runs on.
func appDepends(pl plan.Platform, f platformFacts, osIDs, pyIDs map[string]string) []string {
	var out []string
	if pl.Self != nil {
		env := pl.Target.Markers()
		for _, s := range pl.Self.Dependencies {
			r, err := pep508.ParseRequirement(s)
			if err != nil || (r.Marker != nil && !r.Marker.Evaluate(env, nil)) {
				continue
			}
			if id, ok := pyIDs[pep503.Normalize(r.Name)]; ok {
				out = append(out, id)
			}
		}
	} else {
		needed := map[string]bool{}
		for _, w := range f.wheels {
			for _, r := range w.Requires {
				needed[r] = true
			}
		}
		for name, id := range pyIDs {
			if !needed[name] {
				out = append(out, id)
			}
		}
	}
	// The package with the interpreter: Wolfi's python-3.X, Debian's
	// python3.X-minimal.
	for _, name := range []string{"python-" + pl.Target.Minor(), "python" + pl.Target.Minor() + "-minimal"} {
		if id, ok := osIDs[name]; ok {
			out = append(out, id)
		}
	}
	return out
}

// basePackages adds the packages of the base image's package databases
// (dpkg's or apk's) and returns their IDs by name and by what they
// provide.
func basePackages(doc *sbom.Document, f *image.Facts) map[string]string {
	ids := map[string]string{}
	rel := f.OSRelease
	distro := rel["ID"]
	if rel["VERSION_ID"] != "" {
		distro += "-" + rel["VERSION_ID"]
	}
	for _, p := range f.Packages {
		ids[p.Name] = sbom.ID(sbom.Type(p.Type), p.Name, p.Version)
	}
	for _, p := range f.Packages {
		for _, name := range p.Provides {
			if _, ok := ids[name]; !ok {
				ids[name] = ids[p.Name]
			}
		}
	}
	for _, p := range f.Packages {
		s := sbom.Package{ID: ids[p.Name], Type: sbom.Type(p.Type), Name: p.Name, Version: p.Version, License: p.License,
			Supplier: rel["NAME"], Origin: p.Origin, Description: p.Description}
		switch p.Type {
		case "apk":
			s.PURL = sbom.APKPURL(rel["ID"], p.Name, p.Version, p.Arch, distro, p.Origin)
			if c, ok := apkChecksum(p.Checksum); ok {
				s.Checksums = []sbom.Checksum{c}
			}
		case "deb":
			s.PURL = sbom.DebPURL(rel["ID"], p.Name, p.Version, p.Arch, distro, p.Origin, p.OriginVersion)
		}
		for _, d := range p.Depends {
			if id, ok := ids[d]; ok && id != s.ID {
				s.DependsOn = append(s.DependsOn, id)
			}
		}
		doc.Packages = append(doc.Packages, s)
	}
	return ids
}
