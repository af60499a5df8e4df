package wheel

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

var testLayout = Layout{Prefix: "/app/venv", PythonVersion: "3.12", Interpreter: "/app/venv/bin/python"}

// fullWheel exercises every part of the spread: the root, each .data
// directory, scripts with and without "#!python", entry points of both
// kinds, a setuptools wrapper to skip and an executable package file.
func fullWheel() testWheel {
	di, data := "mypkg-1.0.dist-info/", "mypkg-1.0.data/"
	return testWheel{
		files: map[string]string{
			"mypkg/__init__.py": "def main():\n    print('hello from mypkg')\n    return 0\n",
			"mypkg/gui.py":      "def run():\n    return 0\n",
			"mypkg/tool.sh":     "#!/bin/sh\necho tool\n",
			di + "entry_points.txt": "[console_scripts]\nmypkg = mypkg:main\nmypkg-sub = mypkg.cli:app.run [extra]\n\n" +
				"[gui_scripts]\nmypkg-gui = mypkg.gui:run\n\n[mypkg.plugins]\nnot an entry point at all\n",
			data + "scripts/hello":                   "#!python\nprint('hello')\n",
			data + "scripts/hellow":                  "#!pythonw -u\r\nprint('w')\n",
			data + "scripts/plain.sh":                "#!/bin/sh\necho plain\n",
			data + "scripts/mypkg.exe":               "MZ not for linux",
			data + "headers/mypkg.h":                 "#define MYPKG 1\n",
			data + "data/share/mypkg/data.txt":       "data\n",
			data + "purelib/mypkg_extra/__init__.py": "X = 1\n",
			data + "platlib/mypkg_native.py":         "Y = 2\n",
		},
		exec: map[string]bool{"mypkg/tool.sh": true},
	}
}

func TestInstallFull(t *testing.T) {
	path := writeWheel(t, t.TempDir(), fullWheel())
	got, err := Install(context.Background(), path, testLayout)
	if err != nil {
		t.Fatal(err)
	}
	site := "app/venv/lib/python3.12/site-packages/"
	want := map[string]fs.FileMode{
		"app/venv/bin/hello":                             0o755,
		"app/venv/bin/hellow":                            0o755,
		"app/venv/bin/mypkg":                             0o755,
		"app/venv/bin/mypkg-gui":                         0o755,
		"app/venv/bin/mypkg-sub":                         0o755,
		"app/venv/bin/plain.sh":                          0o755,
		"app/venv/include/site/python3.12/mypkg/mypkg.h": 0o644,
		"app/venv/share/mypkg/data.txt":                  0o644,
		site + "mypkg-1.0.dist-info/INSTALLER":           0o644,
		site + "mypkg-1.0.dist-info/METADATA":            0o644,
		site + "mypkg-1.0.dist-info/RECORD":              0o644,
		site + "mypkg-1.0.dist-info/WHEEL":               0o644,
		site + "mypkg-1.0.dist-info/entry_points.txt":    0o644,
		site + "mypkg/__init__.py":                       0o644,
		site + "mypkg/gui.py":                            0o644,
		site + "mypkg/tool.sh":                           0o755,
		site + "mypkg_extra/__init__.py":                 0o644,
		site + "mypkg_native.py":                         0o644,
	}
	var paths []string
	for _, e := range got.Entries {
		paths = append(paths, e.Path)
		if m, ok := want[e.Path]; !ok || e.Mode != m {
			t.Errorf("entry %s mode %v, want %v (listed: %v)", e.Path, e.Mode, m, ok)
		}
		if e.UID != 0 || e.GID != 0 {
			t.Errorf("entry %s owned by %d:%d, want root", e.Path, e.UID, e.GID)
		}
	}
	if len(paths) != len(want) || !slices.IsSorted(paths) {
		t.Errorf("entries %q: want the %d paths above, sorted", paths, len(want))
	}
	if got.Name != "mypkg" || got.Version != "1.0" || !slices.Equal(got.Scripts, []string{"mypkg", "mypkg-gui", "mypkg-sub"}) {
		t.Errorf("got %s %s scripts %q", got.Name, got.Version, got.Scripts)
	}
	content, err := readAll(t, got.Entries)
	if err != nil {
		t.Fatal(err)
	}
	var size int64
	for _, c := range content {
		size += int64(len(c))
	}
	if got.Size != size {
		t.Errorf("Size = %d, entries hold %d bytes", got.Size, size)
	}
	for p, c := range map[string]string{
		"app/venv/bin/hello":                   "#!/app/venv/bin/python\nprint('hello')\n",
		"app/venv/bin/hellow":                  "#!/app/venv/bin/python\nprint('w')\n",
		"app/venv/bin/plain.sh":                "#!/bin/sh\necho plain\n",
		site + "mypkg-1.0.dist-info/INSTALLER": "pyko\n",
		"app/venv/bin/mypkg-sub": "#!/app/venv/bin/python\n# -*- coding: utf-8 -*-\nimport re\nimport sys\nfrom mypkg.cli import app\n" +
			"if __name__ == \"__main__\":\n    sys.argv[0] = re.sub(r\"(-script\\.pyw|\\.exe)?$\", \"\", sys.argv[0])\n    sys.exit(app.run())\n",
	} {
		if content[p] != c {
			t.Errorf("%s:\n%q\nwant\n%q", p, content[p], c)
		}
	}
	record := content[site+"mypkg-1.0.dist-info/RECORD"]
	checkRecord(t, record, site, content)
	golden(t, "full.RECORD.golden", record)
}

// checkRecord checks every row of an installed RECORD against the
// content independently of the installer's own hashing.
func checkRecord(t *testing.T, record, site string, content map[string]string) {
	t.Helper()
	rows := strings.Split(strings.TrimSuffix(record, "\n"), "\n")
	if len(rows) != len(content) {
		t.Errorf("RECORD has %d rows for %d files", len(rows), len(content))
	}
	for _, row := range rows {
		p, rest, _ := strings.Cut(row, ",")
		hash, size, _ := strings.Cut(rest, ",")
		abs := filepath.ToSlash(filepath.Clean(filepath.Join(site, p)))
		c, ok := content[abs]
		switch {
		case !ok:
			t.Errorf("RECORD row %q names no installed file", row)
		case strings.HasSuffix(abs, "/RECORD"):
			if hash != "" || size != "" {
				t.Errorf("RECORD's own row %q has a hash or size", row)
			}
		default:
			sum := sha256.Sum256([]byte(c))
			if hash != "sha256="+base64.RawURLEncoding.EncodeToString(sum[:]) || size != strconv.Itoa(len(c)) {
				t.Errorf("RECORD row %q does not match the content of %s", row, abs)
			}
		}
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n%s\nwant\n%s", name, got, want)
	}
}
