package debwheels

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/python/pep440"
	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// wheelDir builds (or reuses) the amd64 wheels in the shared cache.
func wheelDir(t *testing.T) string {
	t.Helper()
	tools.Require(t, "apt-get", "dpkg-deb")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	start := time.Now()
	dir, err := Build(ctx, "", "amd64")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Build took %v", time.Since(start))
	return dir
}

func TestBuildWheels(t *testing.T) {
	dir := wheelDir(t)
	paths, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != len(dists) {
		t.Errorf("%s holds %d files, want the %d wheels", dir, len(paths), len(dists))
	}
	wheels := map[string]wheel{} // by normalised project name
	for _, p := range paths {
		w := readWheel(t, p)
		fields, err := parseHeaders(w.metadata)
		if err != nil {
			t.Fatalf("%s: METADATA: %v", w.file, err)
		}
		name := pep503.Normalize(get(fields, "Name"))
		if name != pep503.Normalize(w.project) || get(fields, "Version") != w.version {
			t.Errorf("%s: METADATA says %s %s", w.file, get(fields, "Name"), get(fields, "Version"))
		}
		if _, err := pep440.Parse(w.version); err != nil {
			t.Errorf("%s: %v", w.file, err)
		}
		pure := w.tag == "py3-none-any"
		wantWheel := fmt.Sprintf("Wheel-Version: 1.0\nGenerator: pyko-test-debwheels\nRoot-Is-Purelib: %t\nTag: %s\n", pure, w.tag)
		if w.wheel != wantWheel {
			t.Errorf("%s: WHEEL is\n%s\nwant\n%s", w.file, w.wheel, wantWheel)
		}
		for _, n := range w.names {
			if strings.Contains(n, "__pycache__") || strings.HasSuffix(n, ".pyc") {
				t.Errorf("%s holds bytecode %s", w.file, n)
			}
		}
		wheels[name] = w
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		sum, err := fetch.HashFile(p)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%-58s %7d  sha256:%s…", w.file, fi.Size(), sum[:12])
	}
	checkRestored(t, wheels)
	checkClosure(t, wheels)
	for project, script := range map[string]string{"flask": "flask = flask.cli:main", "gunicorn": "gunicorn = gunicorn.app.wsgiapp:run"} {
		if w := wheels[project]; !strings.Contains(w.entryPoints, "[console_scripts]\n"+script) {
			t.Errorf("%s: entry_points.txt is %q, want console script %q", w.file, w.entryPoints, script)
		}
	}
	checkNative(t, dir, wheels["markupsafe"], "amd64")
}

// TestBuildWheelsArm64 checks the compiled wheel of the arm64 set, which
// the host cannot run: its tag must match what its aarch64 module needs.
func TestBuildWheelsArm64(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a second wheel set (about 10 s on first use)")
	}
	tools.Require(t, "apt-get", "dpkg-deb")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	dir, err := Build(ctx, "", "arm64")
	if err != nil {
		t.Fatal(err)
	}
	paths, err := filepath.Glob(filepath.Join(dir, "*.whl"))
	if err != nil || len(paths) != len(dists) {
		t.Fatalf("%s holds %d wheels, want %d (%v)", dir, len(paths), len(dists), err)
	}
	w := readWheel(t, globOne(t, dir, "markupsafe-*.whl"))
	if !strings.HasSuffix(w.tag, "_aarch64") {
		t.Errorf("%s: want an aarch64 tag", w.file)
	}
	checkNative(t, dir, w, "arm64")
}

// checkRestored checks that METADATA has the requirements Debian strips.
func checkRestored(t *testing.T, wheels map[string]wheel) {
	t.Helper()
	want := map[string][]string{
		"flask":    {"Werkzeug>=2.2.2", "Jinja2>=3.0", "itsdangerous>=2.0", "click>=8.0"},
		"requests": {"charset_normalizer>=2,<4", "idna>=2.5,<4", "urllib3>=1.21.1,<1.27", "certifi>=2017.4.17"},
		"jinja2":   {"MarkupSafe>=2.0"},
		"werkzeug": {"MarkupSafe>=2.1.1"},
		"gunicorn": {"setuptools>=3.0"},
	}
	for project, reqs := range want {
		w, ok := wheels[project]
		if !ok {
			t.Errorf("no %s wheel", project)
			continue
		}
		for _, r := range reqs {
			if !strings.Contains(w.metadata, "\nRequires-Dist: "+r+"\n") {
				t.Errorf("%s: METADATA lacks Requires-Dist: %s:\n%s", w.file, r, w.metadata)
			}
		}
	}
}

var requirement = regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(.*)$`)

// checkClosure checks that every requirement without a marker is met by a
// wheel in the set.
func checkClosure(t *testing.T, wheels map[string]wheel) {
	t.Helper()
	for _, w := range wheels {
		fields, _ := parseHeaders(w.metadata)
		for _, r := range all(fields, "Requires-Dist") {
			if strings.Contains(r, ";") {
				continue // extras and other platforms: pip checks those below
			}
			m := requirement.FindStringSubmatch(r)
			if m == nil {
				t.Errorf("%s: bad requirement %q", w.file, r)
				continue
			}
			dep, ok := wheels[pep503.Normalize(m[1])]
			if !ok {
				t.Errorf("%s requires %q: no wheel for it", w.file, r)
				continue
			}
			specs, err := pep440.ParseSpecifiers(m[2])
			if err != nil {
				t.Errorf("%s requires %q: %v", w.file, r, err)
				continue
			}
			if !specs.Contains(pep440.MustParse(dep.version), false) {
				t.Errorf("%s requires %q, but the wheel is %s", w.file, r, dep.file)
			}
		}
	}
}
