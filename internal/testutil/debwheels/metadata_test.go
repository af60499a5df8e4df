package debwheels

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestReadMetaEggInfo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Flask-2.2.2.egg-info")
	writeFiles(t, dir, map[string]string{
		"PKG-INFO":         "Metadata-Version: 2.1\nName: Flask\nVersion: 2.2.2\nSummary: A framework.\nLicense: BSD\n    more\nRequires-Python: >=3.7\nProvides-Extra: async\n\nLong description.\n",
		"requires.txt":     "\n[:python_version < \"3.10\"]\n\n[async]\nasgiref>=3.2\n",
		"entry_points.txt": "[console_scripts]\nflask = flask.cli:main\n",
	})
	m, err := readMeta(dir)
	if err != nil {
		t.Fatal(err)
	}
	if m.name != "Flask" || m.version != "2.2.2" || string(m.entryPoints) != "[console_scripts]\nflask = flask.cli:main\n" {
		t.Errorf("got %+v", m)
	}
	got := string(m.render("2.2.2", []string{"Werkzeug>=2.2.2", "click>=8.0"}))
	want := `Metadata-Version: 2.1
Name: Flask
Version: 2.2.2
Summary: A framework.
Requires-Python: >=3.7
Requires-Dist: Werkzeug>=2.2.2
Requires-Dist: click>=8.0
Provides-Extra: async
Requires-Dist: asgiref>=3.2; extra == "async"
`
	if got != want {
		t.Errorf("METADATA:\n%s\nwant:\n%s", got, want)
	}
}

func TestReadMetaDistInfo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "platformdirs-2.6.0.dist-info")
	writeFiles(t, dir, map[string]string{
		"METADATA": "Metadata-Version: 1.2\nName: platformdirs\nVersion: 2.6.0\nRequires-Dist: stripped-by-debian\nRequires-Dist: pytest>=7.2; extra == 'test'\nProvides-Extra: test\n",
	})
	m, err := readMeta(dir)
	if err != nil {
		t.Fatal(err)
	}
	if m.entryPoints != nil {
		t.Errorf("entry points %q, want none", m.entryPoints)
	}
	if want := []string{"pytest>=7.2; extra == 'test'"}; !slices.Equal(m.extraRequires, want) {
		t.Errorf("extra requirements %q, want %q", m.extraRequires, want)
	}
	got := string(m.render("2.6.0", []string{"six"}))
	if !strings.HasPrefix(got, "Metadata-Version: 2.1\n") || strings.Contains(got, "stripped-by-debian") || !strings.Contains(got, "Requires-Dist: six\n") {
		t.Errorf("METADATA:\n%s", got)
	}
}

func TestReadMetaInvalid(t *testing.T) {
	tests := map[string]map[string]string{
		"x.egg-info":  {},                                                               // no PKG-INFO
		"y.egg-info":  {"PKG-INFO": "Name: y\n"},                                        // no Version
		"z.dist-info": {"METADATA": "bad line\n"},                                       // not a header
		"w.egg-info":  {"PKG-INFO": "Name: w\nVersion: 1\n", "requires.txt": "[oops\n"}, // bad section
	}
	for name, files := range tests {
		dir := filepath.Join(t.TempDir(), name)
		writeFiles(t, dir, files)
		if _, err := readMeta(dir); err == nil {
			t.Errorf("readMeta(%s): want an error", name)
		}
	}
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
