package simpleapi

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseJSON(t *testing.T) {
	page := `{
  "meta": {"api-version": "1.3", "_last-serial": 1},
  "name": "flask",
  "versions": ["3.0.3"],
  "files": [
    {"filename": "flask-3.0.3-py3-none-any.whl", "url": "../../files/flask-3.0.3-py3-none-any.whl",
     "hashes": {"sha256": "` + strings.ToUpper(h64) + `", "blake2b_256": "ignored"}, "requires-python": ">=3.8",
     "core-metadata": {"sha256": "` + h64b + `"}, "dist-info-metadata": false,
     "yanked": false, "size": 101817, "upload-time": "2024-04-07T19:26:08.569573Z", "provenance": null},
    {"filename": "flask-3.0.2.tar.gz", "url": "https://files.example/flask-3.0.2.tar.gz#sha256=x",
     "hashes": {}, "requires-python": null, "dist-info-metadata": {"sha256": "` + h64 + `"},
     "yanked": "broken build"},
    {"filename": "flask-3.0.1.tar.gz", "url": "https://u:p@files.example/flask-3.0.1.tar.gz", "hashes": {}, "yanked": true, "core-metadata": true}
  ]
}`
	p, err := parseJSON(strings.NewReader(page), "https://idx.example/simple/flask/")
	if err != nil {
		t.Fatal(err)
	}
	want := []File{
		{
			Filename: "flask-3.0.3-py3-none-any.whl", URL: "https://idx.example/files/flask-3.0.3-py3-none-any.whl",
			Hashes: map[string]string{"sha256": h64}, RequiresPython: ">=3.8", Size: 101817,
			UploadTime: "2024-04-07T19:26:08.569573Z", CoreMetadata: true, MetadataHashes: map[string]string{"sha256": h64b},
		},
		{
			Filename: "flask-3.0.2.tar.gz", URL: "https://files.example/flask-3.0.2.tar.gz",
			Yanked: true, YankedReason: "broken build", CoreMetadata: true, MetadataHashes: map[string]string{"sha256": h64},
		},
		{Filename: "flask-3.0.1.tar.gz", URL: "https://files.example/flask-3.0.1.tar.gz", Yanked: true, CoreMetadata: true},
	}
	if p.name != "flask" || !reflect.DeepEqual(p.files, want) {
		t.Errorf("name %q, files\n%+v\nwant\n%+v", p.name, p.files, want)
	}
}

func TestParseJSONErrors(t *testing.T) {
	file := func(fields string) string {
		return `{"meta": {"api-version": "1.0"}, "name": "a", "files": [{` + fields + `}]}`
	}
	for name, page := range map[string]string{
		"api version 2":     `{"meta": {"api-version": "2.0"}, "name": "a", "files": []}`,
		"no api version":    `{"name": "a", "files": []}`,
		"html":              `<html><body>Sign in</body></html>`,
		"truncated":         `{"meta": {"api-version": "1.0"}, "files": [`,
		"path filename":     file(`"filename": "../a-1.whl", "url": "a-1.whl", "hashes": {}`),
		"no url":            file(`"filename": "a-1.whl", "hashes": {}`),
		"file url":          file(`"filename": "a-1.whl", "url": "file:///etc/passwd", "hashes": {}`),
		"bad sha256":        file(`"filename": "a-1.whl", "url": "a-1.whl", "hashes": {"sha256": "abc"}`),
		"yanked number":     file(`"filename": "a-1.whl", "url": "a-1.whl", "hashes": {}, "yanked": 1`),
		"metadata string":   file(`"filename": "a-1.whl", "url": "a-1.whl", "hashes": {}, "core-metadata": "yes"`),
		"bad metadata hash": file(`"filename": "a-1.whl", "url": "a-1.whl", "hashes": {}, "core-metadata": {"sha256": "zz"}`),
		"negative size":     file(`"filename": "a-1.whl", "url": "a-1.whl", "hashes": {}, "size": -1`),
	} {
		if p, err := parseJSON(strings.NewReader(page), "https://idx.example/simple/a/"); err == nil {
			t.Errorf("%s: no error, %+v", name, p)
		}
	}
}
