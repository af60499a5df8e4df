package audit

import (
	"context"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"

	"github.com/pyko-dev/pyko/internal/osv"
	"github.com/pyko-dev/pyko/internal/testutil/badimage"
)

func TestAuditFindsEveryProblem(t *testing.T) {
	bad, err := badimage.Image()
	if err != nil {
		t.Fatal(err)
	}
	r, err := Audit(context.Background(), bad, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		check, path string
		sev         Severity
		deleted     bool
	}{
		{"root-user", "", High, false},
		{"shell", "/bin/sh", Medium, false},
		{"setuid", "/usr/bin/passwd", High, false},
		{"world-writable", "/srv/drop", Medium, false},
		{"secret", "/app/.env", High, false},
		{"secret", "/root/.ssh/id_rsa", Critical, true},
		{"secret", "/app/settings.py", Critical, false},
		{"pip", "/usr/lib/python3.11/site-packages/pip-24.0.dist-info", Low, false},
		{"sbom", "", Low, false},
		{"wasted-bytes", "", Info, false},
	}
	for _, w := range want {
		found := false
		for _, f := range r.Findings {
			if f.Check == w.check && f.Path == w.path && f.Severity == w.sev && f.Deleted == w.deleted {
				found = true
			}
		}
		if !found {
			t.Errorf("no %s finding at %q (%s, deleted %v) in\n%+v", w.check, w.path, w.sev, w.deleted, r.Findings)
		}
	}
	for _, f := range r.Findings {
		if f.Path == "/app/.env.example" {
			t.Errorf("an example .env is reported: %+v", f)
		}
	}
	if r.Findings[0].Severity != Critical {
		t.Errorf("the first finding is %+v, want the most severe, a critical one", r.Findings[0])
	}
	if r.WastedBytes == 0 {
		t.Error("the deleted key's bytes are not counted as wasted")
	}
}

func TestSBOMMismatch(t *testing.T) {
	spdx := `{"packages":[{"name":"glibc","versionInfo":"2.36-r14","externalRefs":[{"referenceLocator":"pkg:apk/wolfi/glibc@2.36-r14"}]},
{"name":"Flask","versionInfo":"2.2.2","externalRefs":[{"referenceLocator":"pkg:pypi/flask@2.2.2"}]}]}`
	l, err := badimage.Layer(
		badimage.Entry{Name: "usr/lib/apk/db/installed", Body: "P:glibc\nV:2.36-r14\n\nP:busybox\nV:1.36-r0\n\n"},
		badimage.Entry{Name: "var/lib/db/sbom/app.spdx.json", Body: spdx},
		badimage.Entry{Name: "app/venv/lib/python3.11/site-packages/flask-2.2.3.dist-info/METADATA", Body: "Name: flask\n"},
	)
	if err != nil {
		t.Fatal(err)
	}
	img, err := mutate.AppendLayers(empty.Image, l)
	if err != nil {
		t.Fatal(err)
	}
	img, _ = mutate.Config(img, v1.Config{User: "65532"})
	r, err := Audit(context.Background(), img, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, f := range r.Findings {
		if f.Check == "sbom" {
			msgs = append(msgs, f.Message)
		}
	}
	got := strings.Join(msgs, "\n")
	if len(msgs) != 2 || !strings.Contains(got, "busybox 1.36-r0 is installed") || !strings.Contains(got, "flask is installed at 2.2.3") {
		t.Errorf("SBOM findings:\n%s", got)
	}
}

func TestVulnerabilities(t *testing.T) {
	l, err := badimage.Layer(
		badimage.Entry{Name: "usr/lib/apk/db/installed", Body: "P:busybox\nV:1.36-r0\n\nP:glibc\nV:2.36-r14\n\n"},
		badimage.Entry{Name: "app/venv/lib/python3.11/site-packages/Flask-2.2.2.dist-info/METADATA", Body: "Name: Flask\n"},
	)
	if err != nil {
		t.Fatal(err)
	}
	img, _ := mutate.AppendLayers(empty.Image, l)
	vulns := []*osv.Vuln{
		{ID: "CGA-bb", DatabaseSpecific: osv.DatabaseSpecific{Severity: "CRITICAL"}, Affected: []osv.Affected{{Ranges: []osv.Range{{Type: "ECOSYSTEM", Events: []osv.Event{{Introduced: "0"}, {Fixed: "1.36-r1"}}}}}}},
		{ID: "PYSEC-flask", Aliases: []string{"CVE-2023-30861"}, Affected: []osv.Affected{{Versions: []string{"2.2.2"}}}},
		{ID: "CGA-glibc-fixed", Affected: []osv.Affected{{Ranges: []osv.Range{{Type: "ECOSYSTEM", Events: []osv.Event{{Introduced: "0"}, {Fixed: "2.36-r1"}}}}}}},
	}
	vulns[0].Affected[0].Package.Ecosystem, vulns[0].Affected[0].Package.Name = "Wolfi", "busybox"
	vulns[1].Affected[0].Package.Ecosystem, vulns[1].Affected[0].Package.Name = "PyPI", "flask"
	vulns[2].Affected[0].Package.Ecosystem, vulns[2].Affected[0].Package.Name = "Wolfi", "glibc"
	r, err := Audit(context.Background(), img, Options{Vulns: vulns})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range r.Findings {
		if f.Check == "vulnerability" {
			got = append(got, f.Severity.String()+" "+f.Message)
		}
	}
	want := []string{
		"critical busybox 1.36-r0 is affected by CGA-bb; fixed in 1.36-r1",
		"high Flask 2.2.2 is affected by PYSEC-flask (CVE-2023-30861)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("vulnerabilities:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
