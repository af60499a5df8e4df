package debwheels

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// wheel is what a test reads back from a wheel file.
type wheel struct {
	file, project, version, tag  string
	metadata, wheel, entryPoints string
	names                        []string
}

var wheelName = regexp.MustCompile(`^([A-Za-z0-9_.]+)-([^-]+)-([^-]+-[^-]+-[^-]+)\.whl$`)

// readWheel opens the wheel at path, checks its RECORD and returns its
// parts.
func readWheel(t *testing.T, path string) wheel {
	t.Helper()
	m := wheelName.FindStringSubmatch(filepath.Base(path))
	if m == nil {
		t.Fatalf("%s is not a wheel file name", filepath.Base(path))
	}
	w := wheel{file: m[0], project: m[1], version: m[2], tag: m[3]}
	distInfo := m[1] + "-" + m[2] + ".dist-info/"
	checkRecord(t, path, distInfo+"RECORD")
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		w.names = append(w.names, f.Name)
		var dst *string
		switch f.Name {
		case distInfo + "METADATA":
			dst = &w.metadata
		case distInfo + "WHEEL":
			dst = &w.wheel
		case distInfo + "entry_points.txt":
			dst = &w.entryPoints
		default:
			continue
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		*dst = string(b)
	}
	if w.metadata == "" || w.wheel == "" {
		t.Fatalf("%s: no %sMETADATA or WHEEL", w.file, distInfo)
	}
	return w
}

// checkNative extracts the compiled module of w, reads the glibc it needs
// and checks the wheel's tag against it.
func checkNative(t *testing.T, dir string, w wheel, arch string) {
	t.Helper()
	zr, err := zip.OpenReader(filepath.Join(dir, w.file))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var found int
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".so") {
			continue
		}
		found++
		tmp := filepath.Join(t.TempDir(), filepath.Base(f.Name))
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(tmp, b, 0o644); err != nil {
			t.Fatal(err)
		}
		n, err := inspectModule(tmp, f.Name, arch)
		if err != nil {
			t.Fatal(err)
		}
		want := n.python + "-" + n.python + "-" + platformTag(arch, n.glibc)
		if w.tag != want {
			t.Errorf("%s: tag %s, but %s needs GLIBC_2.%d: want %s", w.file, w.tag, f.Name, n.glibc, want)
		}
		t.Logf("%s needs GLIBC_2.%d at most, links %v: %s", f.Name, n.glibc, n.libs, w.tag)
	}
	if found == 0 {
		t.Errorf("%s holds no compiled module", w.file)
	}
}
