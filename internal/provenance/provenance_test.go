package provenance

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/plan"
)

func testPlan() *plan.Plan {
	os := &plan.OS{Arch: "x86_64", Repositories: []string{"https://apk.example/os"},
		Indexes:  []plan.IndexFile{{URL: "https://apk.example/os/x86_64/APKINDEX.tar.gz", SHA256: strings.Repeat("9", 64)}},
		Keys:     []plan.Key{{Name: "k.rsa.pub", SHA256: strings.Repeat("1", 64), Source: "https://apk.example/k.rsa.pub"}},
		Packages: []plan.OSPackage{{Name: "glibc", Version: "2.36-r14", Repository: "https://apk.example/os", Checksum: "Q1LsmsRLL2wwPR0x0XO2vlwmu8KQI="}}}
	return &plan.Plan{SchemaVersion: 1, Project: plan.Project{Name: "app", Version: "1.0", Lockfile: "uv.lock"},
		Platforms: []plan.Platform{{Platform: "linux/amd64", OS: os,
			Wheels: []plan.Wheel{
				{Name: "flask", Version: "3.0.3", Filename: "flask-3.0.3-py3-none-any.whl", URL: "https://files.example/flask-3.0.3-py3-none-any.whl",
					SHA256: strings.Repeat("a", 64), Hashes: []string{"sha512:" + strings.Repeat("b", 128)}},
				{Name: "native", Version: "1.0", Build: &plan.SourceBuild{Kind: plan.SourceSdist, Filename: "native-1.0.tar.gz",
					URL: "https://files.example/native-1.0.tar.gz", SHA256: strings.Repeat("c", 64)}},
				{Name: "fromgit", Build: &plan.SourceBuild{Kind: plan.SourceGit, URL: "https://git.example/fromgit.git", Commit: strings.Repeat("d", 40)}},
			}},
			{Platform: "linux/arm64", OS: &plan.OS{Arch: "aarch64", Repositories: os.Repositories, Keys: os.Keys}},
		}}
}

func TestNew(t *testing.T) {
	subj := []ResourceDescriptor{{Name: "registry.example/app", Digest: map[string]string{"sha256": strings.Repeat("e", 64)}}}
	s, err := New(testPlan(), Inputs{Subjects: subj, ToolVersion: "v0.9.0", LockfileSHA256: strings.Repeat("f", 64),
		Options: map[string]any{"python": "3.11"}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Encode()
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got["_type"] != StatementType || got["predicateType"] != PredicateType {
		t.Errorf("statement %s", b)
	}
	want := map[string]string{
		"plan":                          "sha256",
		"file:uv.lock":                  "sha256:" + strings.Repeat("f", 64),
		"https://apk.example/k.rsa.pub": "sha256:" + strings.Repeat("1", 64),
		"https://apk.example/os/x86_64/glibc-2.36-r14.apk":   "sha1:2ec9ac44b2f6c303d1d31d173b6be5c26bbc2902",
		"https://files.example/flask-3.0.3-py3-none-any.whl": "sha256:" + strings.Repeat("a", 64),
		"https://files.example/native-1.0.tar.gz":            "sha256:" + strings.Repeat("c", 64),
		"https://git.example/fromgit.git":                    "gitCommit:" + strings.Repeat("d", 40),
		"https://apk.example/os/x86_64/APKINDEX.tar.gz":      "sha256:" + strings.Repeat("9", 64),
	}
	deps := s.Predicate.BuildDefinition.ResolvedDependencies
	found := map[string]bool{}
	for _, d := range deps {
		key := d.URI
		if key == "" {
			key = d.Name
		}
		w, ok := want[key]
		if !ok {
			continue
		}
		alg, v, _ := strings.Cut(w, ":")
		if d.Digest[alg] == "" || (v != "" && d.Digest[alg] != v) {
			t.Errorf("%s: digest %v, want %s", key, d.Digest, w)
		}
		found[key] = true
	}
	for k := range want {
		if !found[k] {
			t.Errorf("no resolved dependency %s in\n%s", k, b)
		}
	}
	if deps[0].Name != "plan" {
		t.Errorf("the first dependency is %q, want the plan", deps[0].Name)
	}
	keys := 0
	for _, d := range deps {
		if strings.HasPrefix(d.Name, "APK signing key") {
			keys++
		}
	}
	if keys != 1 {
		t.Errorf("the key shared by both platforms is listed %d times", keys)
	}
	if opts, _ := s.Predicate.BuildDefinition.ExternalParameters["options"].(map[string]any); opts["python"] != "3.11" {
		t.Errorf("options %v", s.Predicate.BuildDefinition.ExternalParameters["options"])
	}
	if _, ok := s.Predicate.BuildDefinition.ExternalParameters["platforms"]; !ok || s.Predicate.RunDetails.Builder.Version["pyko"] != "v0.9.0" {
		t.Errorf("parameters %v, builder %v", s.Predicate.BuildDefinition.ExternalParameters, s.Predicate.RunDetails.Builder)
	}
	again, _ := New(testPlan(), Inputs{Subjects: subj, ToolVersion: "v0.9.0", LockfileSHA256: strings.Repeat("f", 64),
		Options: map[string]any{"python": "3.11"}})
	if b2, _ := again.Encode(); !bytes.Equal(b, b2) {
		t.Error("the same build encodes to other bytes")
	}
	p, err := s.EncodePredicate()
	if err != nil || !strings.HasPrefix(string(p), "{\n  \"buildDefinition\"") {
		t.Errorf("predicate: %v\n%s", err, p)
	}
}
