package e2e

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/testutil/badimage"
)

// TestAudit: pyko audit finds every problem planted in a bad image (exit
// 1, each as JSON), none at or above low in pyko's own default image, and
// a known vulnerability of one of its packages from an offline OSV
// advisory.
func TestAudit(t *testing.T) {
	t.Parallel()
	requirePyko(t)
	bad := filepath.Join(t.TempDir(), "bad")
	if err := badimage.Write(bad, "bad"); err != nil {
		t.Fatal(err)
	}
	r := runPyko(t, nil, "audit", "oci:"+bad+":bad", "--format", "json")
	if r.code != 1 || !strings.Contains(r.stderr, "findings at or above high") {
		t.Fatalf("pyko audit of the bad image: exit %d\n%s", r.code, r.stderr)
	}
	var out struct {
		Reports []struct {
			Findings []struct {
				Check, Path, Severity string
				Deleted               bool
			} `json:"findings"`
		} `json:"reports"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || len(out.Reports) != 1 {
		t.Fatalf("JSON report: %v\n%s", err, r.stdout)
	}
	got := map[string]bool{}
	for _, f := range out.Reports[0].Findings {
		got[f.Check+" "+f.Path+" "+f.Severity] = true
		if f.Path == "/root/.ssh/id_rsa" && !f.Deleted {
			t.Error("the private key deleted by the second layer is not marked deleted")
		}
	}
	for _, want := range []string{"root-user  high", "shell /bin/sh medium", "setuid /usr/bin/passwd high", "secret /app/.env high",
		"secret /root/.ssh/id_rsa critical", "secret /app/settings.py critical", "pip /usr/lib/python3.11/site-packages/pip-24.0.dist-info low", "sbom  low"} {
		if !got[want] {
			t.Errorf("no finding %q in %v", want, got)
		}
	}

	repo := wolfiClone(t)
	clean := filepath.Join(t.TempDir(), "clean")
	buildOK(t, wolfiCache(t), wolfiBuildArgs(helloDir(), repo, wolfiKeyFile(repo), "-o", "oci:"+clean+":app")...)
	if r := runPyko(t, nil, "audit", "oci:"+clean+":app", "--fail-on", "low"); r.code != 0 || !strings.Contains(r.stdout, ": 0 findings") {
		t.Errorf("pyko audit of pyko's default image: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if r := runPyko(t, nil, "audit", "oci:"+clean+":app", "--fail-on", "severe"); r.code != 2 || !strings.Contains(r.stderr, "--fail-on") {
		t.Errorf("a bad --fail-on: exit %d\n%s", r.code, r.stderr)
	}

	// An offline OSV advisory for the image's glibc (every version
	// before a far future one) is a finding.
	vulns := t.TempDir()
	advisory := `{"id": "CGA-test-glibc", "summary": "a test advisory", "affected": [{"package": {"ecosystem": "Wolfi", "name": "glibc"},
"ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "99.0-r0"}]}]}]}`
	pyWriteFile(t, vulns, "CGA-test-glibc.json", advisory)
	r = runPyko(t, nil, "audit", "oci:"+clean+":app", "--vulns", vulns)
	if r.code != 1 || !strings.Contains(r.stdout, "is affected by CGA-test-glibc: a test advisory; fixed in 99.0-r0") {
		t.Errorf("pyko audit --vulns: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}
