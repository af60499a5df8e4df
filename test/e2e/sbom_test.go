package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/pyko-dev/pyko/internal/testutil/pyindex"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// spdxDoc is what the test reads of an SPDX document.
type spdxDoc struct {
	Packages []struct {
		Name      string `json:"name"`
		SPDXID    string `json:"SPDXID"`
		Version   string `json:"versionInfo"`
		License   string `json:"licenseDeclared"`
		Checksums []struct {
			Algorithm string `json:"algorithm"`
			Value     string `json:"checksumValue"`
		} `json:"checksums"`
		Refs []struct {
			Locator string `json:"referenceLocator"`
		} `json:"externalRefs"`
	} `json:"packages"`
	Relationships []struct {
		A    string `json:"spdxElementId"`
		Kind string `json:"relationshipType"`
		B    string `json:"relatedSpdxElement"`
	} `json:"relationships"`
}

// TestSBOM pushes the Flask app to a real registry and checks its SBOM:
// in the image, in --sbom-dir and as referrers of the pushed manifest the
// same bytes; every OS package of the installed db and every wheel
// listed, with purls, licenses and the wheels' sha256; the same bytes
// from a build with a fresh cache. A multi-platform image has each
// platform's SBOMs attached to that platform's manifest and to the index.
func TestSBOM(t *testing.T) {
	t.Parallel()
	requirePyko(t)
	host := tools.Registry(t)
	whl := debWheelDir(t)
	idx := pyindex.Serve(t, whl)
	repo := wolfiClone(t)
	proj := copyExample(t, "flask-requirements")
	ref := host + "/sbom/flask:1"
	sbomDir := filepath.Join(t.TempDir(), "sbom")
	predicate := filepath.Join(t.TempDir(), "provenance.json")
	args := wolfiBuildArgs(proj, repo, wolfiKeyFile(repo), "--index-url", idx.IndexURL(), "-t", ref, "--push", "--insecure-registry", host,
		"--sbom-dir", sbomDir, "--provenance-file", predicate)
	digest := buildOK(t, wolfiCache(t), args...)

	files, _ := filepath.Glob(filepath.Join(sbomDir, "*"))
	slices.Sort(files)
	if len(files) != 2 || !strings.HasSuffix(files[0], "-linux-amd64.cdx.json") || !strings.HasSuffix(files[1], "-linux-amd64.spdx.json") {
		t.Fatalf("--sbom-dir holds %v", files)
	}
	spdxBytes, _ := os.ReadFile(files[1])
	cdxBytes, _ := os.ReadFile(files[0])

	d, err := name.NewDigest(host+"/sbom/flask@"+digest, name.Insecure)
	if err != nil {
		t.Fatal(err)
	}
	img, err := remote.Image(d)
	if err != nil {
		t.Fatal(err)
	}
	tree := readTree(t, img)
	var inImage []string
	for p := range tree.entries {
		if strings.HasPrefix(p, "var/lib/db/sbom/") && tree.entries[p].hdr.Typeflag != '5' {
			inImage = append(inImage, p)
		}
	}
	got := readFiles(t, img, tree, inImage...)
	var imageSPDX []byte
	for p, b := range got {
		if strings.HasSuffix(p, ".spdx.json") {
			imageSPDX = b
		}
	}
	if len(inImage) != 2 || !bytes.Equal(imageSPDX, spdxBytes) {
		t.Errorf("the image's /var/lib/db/sbom holds %v; its SPDX equals --sbom-dir's: %v", inImage, bytes.Equal(imageSPDX, spdxBytes))
	}
	attached := referrerBlobs(t, d)
	if !bytes.Equal(attached["application/spdx+json"], spdxBytes) || !bytes.Equal(attached["application/vnd.cyclonedx+json"], cdxBytes) {
		t.Errorf("the referrers of %s are not the SBOMs (%d types)", d, len(attached))
	}
	var doc spdxDoc
	if err := json.Unmarshal(spdxBytes, &doc); err != nil {
		t.Fatal(err)
	}
	pypi := 0
	for _, p := range doc.Packages {
		for _, r := range p.Refs {
			if strings.HasPrefix(r.Locator, "pkg:pypi/") {
				pypi++
			}
		}
	}
	checkProvenance(t, attached["application/vnd.in-toto+json"], digest, whl, pypi)
	if b, err := os.ReadFile(predicate); err != nil || !bytes.Contains(b, []byte(`"buildType"`)) || bytes.Contains(b, []byte(`"_type"`)) {
		t.Errorf("--provenance-file: %v\n%s", err, b)
	}

	purls := map[string]string{}
	ids := map[string]string{}
	for _, p := range doc.Packages {
		ids[p.SPDXID] = p.Name
		for _, r := range p.Refs {
			purls[r.Locator] = p.License
		}
	}
	db := parseInstalled(t, readFile(t, img, tree, "/usr/lib/apk/db/installed"))
	if len(db.pkgs) < 15 {
		t.Fatalf("%d packages in the installed db", len(db.pkgs))
	}
	for _, p := range db.pkgs {
		// The origin is the upstream qualifier when it differs from the name.
		want := "pkg:apk/wolfi/" + p.Name + "@" + p.Version + "?arch=x86_64&distro=wolfi-20230201"
		if p.Origin != "" && p.Origin != p.Name {
			want += "&upstream=" + p.Origin
		}
		if lic, ok := purls[want]; !ok || lic == "" {
			t.Errorf("the SBOM lacks %s (or its license): %v", want, lic)
		}
	}
	wheelFiles, _ := filepath.Glob(filepath.Join(whl, "*.whl"))
	for _, name := range []string{"flask@2.2.2", "werkzeug@2.2.2", "jinja2@3.1.2", "markupsafe@2.1.2", "click@8.1.3", "itsdangerous@2.1.2"} {
		if _, ok := purls["pkg:pypi/"+name]; !ok {
			t.Errorf("the SBOM lacks pkg:pypi/%s", name)
		}
	}
	sums := map[string]bool{}
	for _, p := range doc.Packages {
		for _, c := range p.Checksums {
			sums[c.Value] = true
		}
	}
	for _, f := range wheelFiles {
		if strings.HasPrefix(filepath.Base(f), "flask-") && !sums[fileSHA256(t, f)] {
			t.Errorf("the SBOM lacks the sha256 of %s", filepath.Base(f))
		}
	}
	flaskNeeds := map[string]bool{}
	for _, r := range doc.Relationships {
		if r.Kind == "DEPENDS_ON" && ids[r.A] == "Flask" {
			flaskNeeds[ids[r.B]] = true
		}
	}
	if !flaskNeeds["Werkzeug"] || !flaskNeeds["Jinja2"] || !flaskNeeds["click"] {
		t.Errorf("Flask depends on %v in the SBOM, want Werkzeug, Jinja2 and click among them", flaskNeeds)
	}

	t.Run("the same bytes from a fresh cache", func(t *testing.T) {
		again := filepath.Join(t.TempDir(), "sbom")
		second := buildOK(t, wolfiCache(t), wolfiBuildArgs(proj, repo, wolfiKeyFile(repo), "--index-url", idx.IndexURL(),
			"-o", "oci:"+filepath.Join(t.TempDir(), "oci")+":app", "--sbom-dir", again)...)
		b, _ := os.ReadFile(filepath.Join(again, filepath.Base(files[1])))
		if second != digest || !bytes.Equal(b, spdxBytes) {
			t.Errorf("second build %s (first %s); SBOM equal: %v", second, digest, bytes.Equal(b, spdxBytes))
		}
	})

	t.Run("multi-platform referrers", func(t *testing.T) {
		repo := wolfiClone(t, "amd64", "arm64")
		ref := host + "/sbom/hello:1"
		digest := buildOK(t, wolfiCache(t), wolfiBuildArgs(helloDir(), repo, wolfiKeyFile(repo),
			"--platform", "linux/amd64,linux/arm64", "-t", ref, "--push", "--insecure-registry", host)...)
		d, err := name.NewDigest(host+"/sbom/hello@"+digest, name.Insecure)
		if err != nil {
			t.Fatal(err)
		}
		index, err := remote.Index(d)
		if err != nil {
			t.Fatal(err)
		}
		im, _ := index.IndexManifest()
		if n := referrerCount(t, d); n != 5 {
			t.Errorf("the index has %d referrers, want 5 (2 SBOMs of 2 platforms, the provenance)", n)
		}
		for _, m := range im.Manifests {
			pd := d.Context().Digest(m.Digest.String())
			got := referrerBlobs(t, pd)
			if len(got) != 3 || !strings.Contains(string(got["application/spdx+json"]), "pkg:apk/wolfi/glibc") {
				t.Errorf("%s (%s) has %d referrer types, want SPDX, CycloneDX and the provenance", m.Digest, m.Platform, len(got))
			}
			if !strings.Contains(string(got["application/vnd.in-toto+json"]), m.Digest.Hex) {
				t.Errorf("the provenance attached to %s does not name it", m.Digest)
			}
		}
	})
}

// referrers lists the referrers of d (the referrers API, or the tag
// schema the test registry needs).
func referrers(t *testing.T, d name.Digest) []v1.Descriptor {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	idx, err := remote.Referrers(d, remote.WithContext(ctx))
	if err != nil {
		t.Fatalf("listing the referrers of %s: %v", d, err)
	}
	im, err := idx.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	return im.Manifests
}

func referrerCount(t *testing.T, d name.Digest) int { return len(referrers(t, d)) }

// referrerBlobs are the content blobs of d's referrers, by artifact type.
func referrerBlobs(t *testing.T, d name.Digest) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, desc := range referrers(t, d) {
		img, err := remote.Image(d.Context().Digest(desc.Digest.String()))
		if err != nil {
			t.Fatal(err)
		}
		ls, err := img.Layers()
		if err != nil || len(ls) != 1 {
			t.Fatalf("referrer %s: %d layers, %v", desc.Digest, len(ls), err)
		}
		rc, err := ls[0].Compressed()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[desc.ArtifactType] = b
	}
	return out
}

func fileSHA256(t *testing.T, file string) string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", sha256.Sum256(b))
}

// checkProvenance checks an attached in-toto statement: a SLSA v1
// provenance whose subject is the pushed digest and whose resolved
// dependencies include the plan and every wheel installed (wheels of
// them, by their sha256 in wheelDir).
func checkProvenance(t *testing.T, b []byte, digest, wheelDir string, wheels int) {
	t.Helper()
	var st struct {
		Type          string `json:"_type"`
		PredicateType string `json:"predicateType"`
		Subject       []struct {
			Digest map[string]string `json:"digest"`
		} `json:"subject"`
		Predicate struct {
			BuildDefinition struct {
				External struct {
					Options map[string]any `json:"options"`
				} `json:"externalParameters"`
				Deps []struct {
					Name   string            `json:"name"`
					URI    string            `json:"uri"`
					Digest map[string]string `json:"digest"`
				} `json:"resolvedDependencies"`
			} `json:"buildDefinition"`
		} `json:"predicate"`
	}
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatalf("the attached provenance: %v\n%s", err, b)
	}
	if st.Type != "https://in-toto.io/Statement/v1" || st.PredicateType != "https://slsa.dev/provenance/v1" ||
		len(st.Subject) == 0 || "sha256:"+st.Subject[0].Digest["sha256"] != digest {
		t.Errorf("statement type %q, predicate %q, subjects %v, want the pushed %s", st.Type, st.PredicateType, st.Subject, digest)
	}
	byURI := map[string]string{}
	plan, index := false, false
	for _, d := range st.Predicate.BuildDefinition.Deps {
		byURI[d.URI] = d.Digest["sha256"]
		plan = plan || (d.Name == "plan" && d.Digest["sha256"] != "")
		index = index || (strings.HasSuffix(d.URI, "/x86_64/APKINDEX.tar.gz") && len(d.Digest["sha256"]) == 64)
	}
	if !index {
		t.Error("the provenance lacks the APK index and its sha256")
	}
	if !plan {
		t.Error("the provenance lacks the plan's digest")
	}
	if st.Predicate.BuildDefinition.External.Options["python"] != "3.11" {
		t.Errorf("the provenance's options %v lack --python 3.11", st.Predicate.BuildDefinition.External.Options)
	}
	n := 0
	for uri, sum := range byURI {
		if strings.HasSuffix(uri, ".whl") {
			n++
			if sum != fileSHA256(t, filepath.Join(wheelDir, filepath.Base(uri))) {
				t.Errorf("the provenance gives %s sha256 %s", uri, sum)
			}
		}
	}
	if n != wheels || n < 5 {
		t.Errorf("the provenance lists %d wheels, want the %d installed", n, wheels)
	}
}
