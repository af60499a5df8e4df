package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/testutil/debwheels"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// The tests of Python dependencies (TestPy*) install real wheels: Debian
// 12's Flask, requests and gunicorn repackaged by internal/testutil/debwheels,
// served by a loopback PEP 691/503 index (internal/testutil/pyindex). Both
// worlds run Debian's CPython 3.11, so MarkupSafe's cp311 manylinux wheel
// fits either.

var (
	debWheelsOnce sync.Once
	debWheelsDir  string
	debWheelsErr  error
)

// debWheelDir returns the cached folder of Debian-made amd64 wheels,
// building it on first use. It is shared: never write into it.
func debWheelDir(t *testing.T) string {
	t.Helper()
	tools.Require(t, "apt-get", "dpkg-deb")
	debWheelsOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		debWheelsDir, debWheelsErr = debwheels.Build(ctx, "", "amd64")
	})
	if debWheelsErr != nil {
		t.Fatalf("building the Debian wheels: %v", debWheelsErr)
	}
	return debWheelsDir
}

// pyWheel is one wheel file of a folder, as a lockfile pins it.
type pyWheel struct {
	Filename, Name, Version, SHA256 string // Name is PEP 503-normalized
	Size                            int64
}

// wheelsIn reads the .whl files of dir: one per normalized project name.
func wheelsIn(t *testing.T, dir string) map[string]pyWheel {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]pyWheel{}
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".whl") {
			continue
		}
		parts := strings.Split(strings.TrimSuffix(e.Name(), ".whl"), "-")
		if len(parts) < 5 {
			t.Fatalf("%s: not a wheel file name", e.Name())
		}
		w := pyWheel{Filename: e.Name(), Name: pep503.Normalize(parts[0]), Version: parts[1]}
		w.SHA256, w.Size = fileSum(t, filepath.Join(dir, e.Name()))
		if prev, dup := out[w.Name]; dup {
			t.Fatalf("%s holds two wheels of %s: %s and %s", dir, w.Name, prev.Filename, w.Filename)
		}
		out[w.Name] = w
	}
	return out
}

// fileSum returns the hex sha256 and the size of the file at path.
func fileSum(t *testing.T, path string) (string, int64) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil)), n
}

// wheelOf returns the wheel of project name, failing the test without one.
func wheelOf(t *testing.T, ws map[string]pyWheel, name string) pyWheel {
	t.Helper()
	w, ok := ws[pep503.Normalize(name)]
	if !ok {
		t.Fatalf("the wheel folder has no wheel of %s", name)
	}
	return w
}

// pinLines returns a hash-pinned requirements.txt line for each of names.
func pinLines(t *testing.T, ws map[string]pyWheel, names ...string) string {
	t.Helper()
	var b strings.Builder
	for _, n := range names {
		w := wheelOf(t, ws, n)
		fmt.Fprintf(&b, "%s==%s --hash=sha256:%s\n", w.Name, w.Version, w.SHA256)
	}
	return b.String()
}

// flaskAndRequests are the projects examples/flask-requirements pins.
var flaskAndRequests = []string{"blinker", "certifi", "chardet", "charset-normalizer", "click", "flask", "idna",
	"itsdangerous", "jinja2", "markupsafe", "requests", "six", "urllib3", "werkzeug"}

// exampleDir is examples/name in the module.
func exampleDir(name string) string { return filepath.Join(moduleRoot, "examples", name) }

// copyExample copies examples/name into a new temp dir, so a test may add
// its lockfile, and returns the copy's path.
func copyExample(t *testing.T, name string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), name)
	copyTree(t, exampleDir(name), dst)
	return dst
}

// pyWriteFile writes content to dir/name.
func pyWriteFile(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// layerDigests returns the digests of the image's layers, in order.
func layerDigests(t *testing.T, dir, tag string) []string {
	t.Helper()
	m, err := ociImage(t, dir, tag).Manifest()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range m.Layers {
		out = append(out, l.Digest.String())
	}
	return out
}

// podmanRun loads the image tagged tag of the OCI layout dir into a private
// podman as name and runs it with args (after the image, or podman flags
// before it when runFlags are given), returning stdout; the error holds
// stderr.
func podmanRun(t *testing.T, p *tools.Podman, dir, tag, name string, runFlags []string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if _, err := p.Podman(ctx, "image", "exists", name); err != nil {
		if err := p.LoadOCI(ctx, dir, tag, name); err != nil {
			t.Fatal(err)
		}
	}
	cmd := append([]string{"run", "--rm", "--network=none"}, runFlags...)
	return p.Podman(ctx, append(append(cmd, name), args...)...)
}

// checkOutput requires each of want in out.
func checkOutput(t *testing.T, out string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("container output lacks %q:\n%s", w, out)
		}
	}
}
