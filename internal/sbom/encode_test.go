package sbom_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/pyko-dev/pyko/internal/sbom"
	"github.com/pyko-dev/pyko/internal/sbom/cyclonedx"
	"github.com/pyko-dev/pyko/internal/sbom/spdx"
)

// example is an image of a Flask app on two Wolfi packages, one wheel
// built from source, one with free-text license metadata.
func example() *sbom.Document {
	glibc := sbom.ID(sbom.APK, "glibc", "2.36-r14")
	python := sbom.ID(sbom.APK, "python-3.11", "3.11.2-r9")
	flask := sbom.ID(sbom.PyPI, "flask", "2.2.2")
	d := &sbom.Document{
		Name: "registry.example/team/app", Created: time.Unix(1700000000, 0), ToolVersion: "v0.9.0", Platform: "linux/amd64",
		App: sbom.Package{ID: sbom.ID(sbom.Application, "app", "1.0"), Type: sbom.Application, Name: "app", Version: "1.0",
			PURL: sbom.PyPIPURL("app", "1.0"), DependsOn: []string{flask, python}},
		Packages: []sbom.Package{
			{ID: python, Type: sbom.APK, Name: "python-3.11", Version: "3.11.2-r9", License: "PSF-2.0", Supplier: "Wolfi", Origin: "python-3.11",
				PURL: sbom.APKPURL("wolfi", "python-3.11", "3.11.2-r9", "x86_64", "wolfi-20230201", "python-3.11"), DependsOn: []string{glibc},
				Checksums: []sbom.Checksum{{Algorithm: "SHA1", Value: "0123456789abcdef0123456789abcdef01234567"}}},
			{ID: glibc, Type: sbom.APK, Name: "glibc", Version: "2.36-r14", License: "LGPL-2.1-or-later", Supplier: "Wolfi",
				PURL: sbom.APKPURL("wolfi", "glibc", "2.36-r14", "x86_64", "wolfi-20230201", "")},
			{ID: flask, Type: sbom.PyPI, Name: "Flask", Version: "2.2.2", License: "BSD-3-Clause", Supplier: "PyPI",
				PURL: sbom.PyPIPURL("Flask", "2.2.2"), FileName: "flask-2.2.2-py3-none-any.whl",
				Checksums: []sbom.Checksum{{Algorithm: "SHA256", Value: strings.Repeat("ab", 32)}},
				DependsOn: []string{sbom.ID(sbom.PyPI, "old-thing", "0.1")}},
			{ID: sbom.ID(sbom.PyPI, "old-thing", "0.1"), Type: sbom.PyPI, Name: "old_thing", Version: "0.1",
				License: "Copyright (c) someone\nAll rights reserved.", BuiltFromSource: true, SourceInfo: "built from old_thing-0.1.tar.gz"},
		},
	}
	return d
}

func schema(t *testing.T, main string, others ...string) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	for _, f := range append([]string{main}, others...) {
		data, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		id, _ := doc.(map[string]any)["$id"].(string)
		if err := c.AddResource(id, doc); err != nil {
			t.Fatal(err)
		}
	}
	data, _ := os.ReadFile(filepath.Join("testdata", main))
	var head struct {
		ID string `json:"$id"`
	}
	json.Unmarshal(data, &head) //nolint:errcheck
	s, err := c.Compile(head.ID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestEncodeValid(t *testing.T) {
	for _, tt := range []struct {
		name     string
		encode   func(*sbom.Document) ([]byte, error)
		schema   *jsonschema.Schema
		required string
		want     []string
	}{
		{"spdx", spdx.Encode, schema(t, "spdx-2.3.schema.json"), "SPDXID", []string{
			`"spdxVersion": "SPDX-2.3"`, `"created": "2023-11-14T22:13:20Z"`, `"Tool: pyko-v0.9.0"`,
			`"referenceLocator": "pkg:apk/wolfi/python-3.11@3.11.2-r9?arch=x86_64\u0026distro=wolfi-20230201"`,
			`"referenceLocator": "pkg:pypi/flask@2.2.2"`, `"licenseDeclared": "LGPL-2.1-or-later"`,
			`"relationshipType": "DEPENDS_ON"`, `"relationshipType": "DESCRIBES"`, `"licenseComments": "declared: Copyright (c) someone`,
			`"algorithm": "SHA256"`, `"comment": "built from source by pyko"`}},
		{"cyclonedx", cyclonedx.Encode, schema(t, "bom-1.6.schema.json", "spdx.schema.json", "jsf-0.82.schema.json"), "bomFormat", []string{
			`"specVersion": "1.6"`, `"timestamp": "2023-11-14T22:13:20Z"`, `"purl": "pkg:pypi/flask@2.2.2"`,
			`"expression": "PSF-2.0"`, `"ref": "pypi/flask@2.2.2"`, `"name": "pyko:built-from-source"`, `"alg": "SHA-256"`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := example()
			if err := d.Finish(); err != nil {
				t.Fatal(err)
			}
			a, err := tt.encode(d)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(a))
			if err != nil {
				t.Fatal(err)
			}
			if err := tt.schema.Validate(doc); err != nil {
				t.Errorf("not valid: %v\n%s", err, a)
			}
			delete(doc.(map[string]any), tt.required)
			if err := tt.schema.Validate(doc); err == nil {
				t.Errorf("the schema takes a document without %s", tt.required)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(a), strings.ReplaceAll(w, `\u0026`, "&")) {
					t.Errorf("no %s in\n%s", w, a)
				}
			}
			again := example()
			again.Packages[0], again.Packages[2] = again.Packages[2], again.Packages[0]
			if err := again.Finish(); err != nil {
				t.Fatal(err)
			}
			if b, _ := tt.encode(again); !bytes.Equal(a, b) {
				t.Error("the same document in another order encodes to other bytes")
			}
			other := example()
			other.Packages[1].Version = "2.37-r0"
			other.Packages[1].ID = sbom.ID(sbom.APK, "glibc", "2.37-r0")
			other.Packages[0].DependsOn = []string{other.Packages[1].ID}
			if err := other.Finish(); err != nil {
				t.Fatal(err)
			}
			if b, _ := tt.encode(other); bytes.Equal(a, b) {
				t.Error("another document encodes to the same bytes")
			}
		})
	}
}

func TestFinishChecks(t *testing.T) {
	d := example()
	d.Packages = append(d.Packages, d.Packages[0])
	if err := d.Finish(); err == nil || !strings.Contains(err.Error(), "listed twice") {
		t.Errorf("a repeated package: %v", err)
	}
	d = example()
	d.App.DependsOn = append(d.App.DependsOn, "pypi/missing@1")
	if err := d.Finish(); err == nil || !strings.Contains(err.Error(), "not in the document") {
		t.Errorf("a dangling dependency: %v", err)
	}
}

func TestPURLs(t *testing.T) {
	for got, want := range map[string]string{
		sbom.PyPIPURL("Typing_Extensions", "4.8.0"):                                                  "pkg:pypi/typing-extensions@4.8.0",
		sbom.APKPURL("wolfi", "libstdc++", "12.2.0-r1", "aarch64", "wolfi-20230201", "gcc"):          "pkg:apk/wolfi/libstdc%2B%2B@12.2.0-r1?arch=aarch64&distro=wolfi-20230201&upstream=gcc",
		sbom.DebPURL("debian", "libc6", "2.36-9+deb12u4", "amd64", "debian-12", "glibc", ""):         "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12&upstream=glibc",
		sbom.DebPURL("debian", "libbz2-1.0", "1.0.8-5+b1", "amd64", "debian-12", "bzip2", "1.0.8-5"): "pkg:deb/debian/libbz2-1.0@1.0.8-5%2Bb1?arch=amd64&distro=debian-12&upstream=bzip2%401.0.8-5",
	} {
		if got != want {
			t.Errorf("%s, want %s", got, want)
		}
	}
	for lic, ok := range map[string]bool{"MIT": true, "GPL-3.0-or-later WITH GCC-exception-3.1": true, "BSD": false, "": false, "MIT\nmore": false} {
		if _, got := sbom.Expression(lic); got != ok {
			t.Errorf("Expression(%q) ok = %v", lic, got)
		}
	}
}
