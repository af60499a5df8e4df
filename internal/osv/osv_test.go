package osv

import (
	"os"
	"path/filepath"
	"testing"
)

const advisories = `[
{"id": "PYSEC-1", "summary": "werkzeug debugger", "affected": [{"package": {"ecosystem": "PyPI", "name": "Werkzeug"},
  "ranges": [{"type": "ECOSYSTEM", "events": [{"fixed": "2.2.3"}, {"introduced": "0"}]}]}],
 "database_specific": {"severity": "HIGH"}},
{"id": "CGA-1", "affected": [{"package": {"ecosystem": "Wolfi", "name": "glibc"},
  "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.30-r0"}, {"fixed": "2.36-r15"}]}]}]},
{"id": "DSA-1", "affected": [{"package": {"ecosystem": "Debian:12", "name": "libc6"},
  "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.36-9+deb12u10"}]}]}]},
{"id": "GHSA-old", "affected": [{"package": {"ecosystem": "PyPI", "name": "flask"}, "versions": ["0.12"]}]},
{"id": "PYSEC-last", "affected": [{"package": {"ecosystem": "PyPI", "name": "click"},
  "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "8.0"}, {"last_affected": "8.1.2"}]}]}]}
]`

func TestMatch(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "all.json"), []byte(advisories), 0o644)
	os.WriteFile(filepath.Join(dir, "one.json"), []byte(`{"id": "PYSEC-2", "affected": [{"package": {"ecosystem": "PyPI", "name": "jinja2"}, "versions": ["3.1.2"]}]}`), 0o644)
	vulns, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(vulns) != 6 {
		t.Fatalf("%d advisories", len(vulns))
	}
	pkgs := []Package{
		{"pypi", "werkzeug", "2.2.2"}, {"pypi", "flask", "2.2.2"}, {"pypi", "jinja2", "3.1.2"}, {"pypi", "click", "8.1.3"},
		{"apk", "glibc", "2.36-r14"}, {"apk", "glibc-locale", "2.36-r14"},
		{"deb", "libc6", "2.36-9+deb12u4"}, {"deb", "zlib1g", "1:1.2.13"},
	}
	got := map[string]string{}
	for _, m := range Match(vulns, pkgs) {
		got[m.Vuln.ID] = m.Package.Name + " " + m.Fixed
	}
	want := map[string]string{"PYSEC-1": "werkzeug 2.2.3", "CGA-1": "glibc 2.36-r15", "DSA-1": "libc6 2.36-9+deb12u10", "PYSEC-2": "jinja2 "}
	if len(got) != len(want) {
		t.Errorf("matches %v, want %v", got, want)
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s: %q, want %q", id, got[id], w)
		}
	}
	fixed := Match(vulns, []Package{{"pypi", "werkzeug", "2.2.3"}, {"apk", "glibc", "2.36-r15"}, {"deb", "libc6", "2.36-9+deb12u14"}})
	if len(fixed) != 0 {
		t.Errorf("fixed versions match: %+v", fixed)
	}
}

func TestLoadRejectsOtherJSON(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "bad.json"), []byte(`"a string"`), 0o644)
	if _, err := Load(dir); err == nil {
		t.Error("a JSON string was taken for an advisory")
	}
}
