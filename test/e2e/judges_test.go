package e2e

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/testutil/pyindex"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// sbomPURLs are the package URLs of the SPDX SBOM in the OCI layout dir's
// image.
func sbomPURLs(t *testing.T, dir, tag string) map[string]bool {
	t.Helper()
	_, imgs := ociImages(t, dir, tag)
	if len(imgs) != 1 {
		t.Fatalf("%d images in %s", len(imgs), dir)
	}
	var img v1.Image
	for _, i := range imgs {
		img = i
	}
	tree := readTree(t, img)
	var spdx string
	for p := range tree.entries {
		if strings.HasPrefix(p, "var/lib/db/sbom/") && strings.HasSuffix(p, ".spdx.json") {
			spdx = p
		}
	}
	if spdx == "" {
		t.Fatal("no SPDX SBOM in /var/lib/db/sbom")
	}
	var doc spdxDoc
	if err := json.Unmarshal(readFile(t, img, tree, "/"+spdx), &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, p := range doc.Packages {
		for _, r := range p.Refs {
			out[r.Locator] = true
		}
	}
	return out
}

// TestSyftSubsetOfSBOM scans pyko's images with syft, as a platform team
// would: every package syft finds (APKs or Debian packages, Python
// distributions, with their purls) is in pyko's own SBOM.
func TestSyftSubsetOfSBOM(t *testing.T) {
	t.Parallel()
	tools.Require(t, "syft")
	requirePyko(t)
	idx := pyindex.Serve(t, debWheelDir(t))
	repo := wolfiClone(t)
	proj := copyExample(t, "flask-requirements")
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"wolfi", wolfiBuildArgs(proj, repo, wolfiKeyFile(repo), "--index-url", idx.IndexURL())},
		{"debian base", []string{"build", proj, "--base", baseRef(t), "--index-url", idx.IndexURL()}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "oci")
			buildOK(t, wolfiCache(t), append(tt.args, "-o", "oci:"+out+":app")...)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			var scan struct {
				Artifacts []struct {
					Name, Version, Type, PURL string
				} `json:"artifacts"`
			}
			raw := command(t, ctx, "syft", "scan", "oci-dir:"+out, "-o", "json", "-q")
			if err := json.Unmarshal([]byte(raw), &scan); err != nil {
				t.Fatalf("syft's JSON: %v", err)
			}
			ours := sbomPURLs(t, out, "app")
			if len(scan.Artifacts) < 20 {
				t.Fatalf("syft found %d packages", len(scan.Artifacts))
			}
			for _, a := range scan.Artifacts {
				if !ours[a.PURL] {
					t.Errorf("syft finds %s %s (%s, %s), which pyko's SBOM lacks", a.Name, a.Version, a.Type, a.PURL)
				}
			}
		})
	}
}

// TestCosignAttestsProvenance: the provenance predicate pyko writes is
// one cosign attests and verifies (slsaprovenance1) against the pushed
// image, and oras lists pyko's referrers of it.
func TestCosignAttestsProvenance(t *testing.T) {
	t.Parallel()
	tools.Require(t, "cosign", "oras")
	requirePyko(t)
	host := tools.Registry(t)
	repo := wolfiClone(t)
	ref := host + "/judged/hello:1"
	predicate := filepath.Join(t.TempDir(), "provenance.json")
	digest := buildOK(t, wolfiCache(t), wolfiBuildArgs(helloDir(), repo, wolfiKeyFile(repo),
		"-t", ref, "--push", "--insecure-registry", host, "--provenance-file", predicate)...)
	image := host + "/judged/hello@" + digest

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var discovered struct {
		Referrers []struct {
			ArtifactType string `json:"artifactType"`
		} `json:"referrers"`
	}
	if err := json.Unmarshal([]byte(command(t, ctx, "oras", "discover", "--plain-http", "--format", "json", image)), &discovered); err != nil {
		t.Fatal(err)
	}
	types := map[string]bool{}
	for _, r := range discovered.Referrers {
		types[r.ArtifactType] = true
	}
	for _, want := range []string{"application/spdx+json", "application/vnd.cyclonedx+json", "application/vnd.in-toto+json"} {
		if !types[want] {
			t.Errorf("oras discover lists %v, without %s", types, want)
		}
	}

	dir := t.TempDir()
	cosign := func(args ...string) string {
		t.Helper()
		cmd := exec.CommandContext(ctx, "cosign", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "COSIGN_PASSWORD=", "COSIGN_YES=true", "HOME="+dir)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("cosign %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	cosign("generate-key-pair")
	cosign("attest", "--key", "cosign.key", "--predicate", predicate, "--type", "slsaprovenance1",
		"--allow-insecure-registry", "--tlog-upload=false", image)
	out := cosign("verify-attestation", "--key", "cosign.pub", "--type", "slsaprovenance1",
		"--allow-insecure-registry", "--insecure-ignore-tlog=true", image)
	var envelope struct {
		Payload string `json:"payload"`
	}
	line := out[strings.Index(out, "{"):]
	line = line[:strings.Index(line, "\n")]
	if err := json.Unmarshal([]byte(line), &envelope); err != nil {
		t.Fatalf("cosign verify-attestation output: %v\n%s", err, out)
	}
	payload, err := base64.StdEncoding.DecodeString(envelope.Payload)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(payload), strings.TrimPrefix(digest, "sha256:")) ||
		!strings.Contains(string(payload), `"buildType":"https://github.com/pyko-dev/pyko/blob/main/docs/PLAN.md"`) {
		t.Errorf("the verified attestation is not pyko's provenance of %s:\n%s", digest, payload)
	}

	// pyko signs with the cosign key itself: cosign verifies the image,
	// each platform's image and the attestation pyko made.
	mrepo := wolfiClone(t, "amd64", "arm64")
	signed := host + "/judged/signed:1"
	env := append(wolfiCache(t), "COSIGN_PASSWORD=")
	sd := buildOK(t, env, wolfiBuildArgs(helloDir(), mrepo, wolfiKeyFile(mrepo), "--platform", "linux/amd64,linux/arm64",
		"-t", signed, "--push", "--insecure-registry", host, "--sign-key", filepath.Join(dir, "cosign.key"))...)
	signedImage := host + "/judged/signed@" + sd
	cosign("verify", "--key", "cosign.pub", "--insecure-ignore-tlog=true", "--allow-insecure-registry", signedImage)
	out = cosign("verify-attestation", "--key", "cosign.pub", "--type", "slsaprovenance1",
		"--insecure-ignore-tlog=true", "--allow-insecure-registry", signedImage)
	if !strings.Contains(out, `"payloadType":"application/vnd.in-toto+json"`) {
		t.Errorf("cosign verify-attestation of pyko's signed provenance:\n%s", out)
	}
	r := runPyko(t, env, wolfiBuildArgs(helloDir(), mrepo, wolfiKeyFile(mrepo), "-o", "oci:"+filepath.Join(t.TempDir(), "x")+":x",
		"--sign-key", filepath.Join(dir, "cosign.key"))...)
	if r.code != 2 || !strings.Contains(r.stderr, "--push") {
		t.Errorf("--sign-key without --push: exit %d\n%s", r.code, r.stderr)
	}
}
