package audit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/python/pep503"
)

// checkSBOM reports an image without an SBOM in /var/lib/db/sbom, and
// the packages its package databases and site-packages hold that its
// SPDX SBOM does not list, or lists at another version.
func checkSBOM(fs *fileSystem) []Finding {
	listed, sbomFile, err := sbomPackages(fs)
	if sbomFile == "" {
		return []Finding{{Check: "sbom", Severity: Low,
			Message: "the image holds no SBOM in /var/lib/db/sbom: scanners and auditors must guess what is inside (pyko build writes one)"}}
	}
	if err != nil {
		return []Finding{{Check: "sbom", Severity: Medium, Path: sbomFile, Message: fmt.Sprintf("the SBOM %s cannot be read: %v", sbomFile, err)}}
	}
	var out []Finding
	for _, p := range installed(fs) {
		if v, ok := listed[p.key]; !ok || v != p.version {
			msg := fmt.Sprintf("%s %s is installed (%s) but the SBOM %s does not list it", p.name, p.version, p.where, sbomFile)
			if ok {
				msg = fmt.Sprintf("%s is installed at %s (%s) but the SBOM %s says %s", p.name, p.version, p.where, sbomFile, v)
			}
			out = append(out, Finding{Check: "sbom", Severity: Medium, Path: p.where, Message: msg})
		}
	}
	return out
}

// sbomPackages reads the SPDX SBOM: versions by "type/name".
func sbomPackages(fs *fileSystem) (map[string]string, string, error) {
	var name string
	for p := range fs.files {
		if strings.HasPrefix(p, "var/lib/db/sbom/") && strings.HasSuffix(p, ".spdx.json") && (name == "" || p < name) {
			name = p
		}
	}
	if name == "" {
		return nil, "", nil
	}
	var doc struct {
		Packages []struct {
			Name    string `json:"name"`
			Version string `json:"versionInfo"`
			Refs    []struct {
				Locator string `json:"referenceLocator"`
			} `json:"externalRefs"`
		} `json:"packages"`
	}
	if err := json.Unmarshal(fs.files[name].content, &doc); err != nil {
		return nil, "/" + name, err
	}
	out := map[string]string{}
	for _, p := range doc.Packages {
		for _, r := range p.Refs {
			if t, ok := purlType(r.Locator); ok {
				n := p.Name
				if t == "pypi" {
					n = pep503.Normalize(n)
				}
				out[t+"/"+n] = p.Version
			}
		}
	}
	return out, "/" + name, nil
}

func purlType(purl string) (string, bool) {
	rest, ok := strings.CutPrefix(purl, "pkg:")
	if !ok {
		return "", false
	}
	t, _, ok := strings.Cut(rest, "/")
	return t, ok && (t == "apk" || t == "deb" || t == "pypi")
}

type installedPackage struct {
	key, name, version, where string
}

var distInfo = regexp.MustCompile(`^(.+/site-packages)/([^/]+)-([^/-]+)\.dist-info/METADATA$`)

// installed are the packages of the image's apk or dpkg database and
// the Python distributions of its site-packages directories.
func installed(fs *fileSystem) []installedPackage {
	var out []installedPackage
	for _, db := range []struct{ path, kind string }{{"usr/lib/apk/db/installed", "apk"}, {"lib/apk/db/installed", "apk"}, {"var/lib/dpkg/status", "deb"}} {
		f, ok := fs.files[db.path]
		if !ok || f.content == nil {
			continue
		}
		pkgs, err := image.ReadPackageDB(bytes.NewReader(f.content), db.kind)
		if err != nil {
			continue
		}
		for _, p := range pkgs {
			out = append(out, installedPackage{key: db.kind + "/" + p.Name, name: p.Name, version: p.Version, where: "/" + db.path})
		}
	}
	for p := range fs.files {
		if m := distInfo.FindStringSubmatch(p); m != nil {
			out = append(out, installedPackage{key: "pypi/" + pep503.Normalize(m[2]), name: m[2], version: m[3], where: "/" + path.Dir(p)})
		}
	}
	slices.SortFunc(out, func(a, b installedPackage) int { return strings.Compare(a.key+a.where, b.key+b.where) })
	return slices.CompactFunc(out, func(a, b installedPackage) bool { return a.key == b.key && a.where == b.where })
}
