package build_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/validate"

	"github.com/pyko-dev/pyko/internal/build"
	"github.com/pyko-dev/pyko/internal/plan"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/digests.json with the digests built now")

const (
	goldenDir   = "testdata/golden"
	digestsFile = "digests.json"
	// outputTag tags the image in each oci: output.
	outputTag = "golden"
	refName   = "org.opencontainers.image.ref.name"
)

// sourceDateEpoch is SOURCE_DATE_EPOCH in the scenarios that set Created.
var sourceDateEpoch = time.Unix(1700000000, 0).UTC()

// scenario is one golden image: options writes the project into w and
// returns what to build.
type scenario struct {
	name    string
	options func(t *testing.T, w *world) build.Options
}

// way is one way of building a scenario's options into an image, returning
// its digest. Every way must give the scenario's golden digest: a second
// way (a build from a plan file, say) is one more row here.
type way struct {
	name  string
	build func(t *testing.T, o build.Options) string
}

var ways = []way{
	{"build.Run", buildDigest},
	{"plan then --from-plan", fromPlanDigest},
}

// scenarios are the golden images. Renaming one means a new entry in
// digests.json (run with -update).
func scenarios() []scenario {
	return []scenario{
		// Defaults: linux/amd64 whatever the host, created at the newest
		// package's build date, files at the epoch.
		{"packages", func(t *testing.T, w *world) build.Options {
			return w.fromPackages(t, w.project(t, appFiles()...))
		}},
		{"packages-sde", func(t *testing.T, w *world) build.Options {
			o := w.fromPackages(t, w.project(t, appFiles()...))
			o.Created, o.Compression, o.OSLayers, o.Shell = sourceDateEpoch, "zstd", 2, true
			o.Env = []string{"APP_MODE=golden", "LANG=C.UTF-8"}
			o.Labels = []string{"org.example.team=golden"}
			return o
		}},
		{"two-platforms", func(t *testing.T, w *world) build.Options {
			o := w.fromPackages(t, w.project(t, appFiles()...))
			o.Platforms = []string{"linux/amd64", "linux/arm64"}
			return o
		}},
		// The project is a package with a console script, and needs pure
		// and platform wheels; speedups gets a layer of its own.
		{"python-deps", func(t *testing.T, w *world) build.Options {
			o := w.fromPackages(t, w.project(t, packageFiles(t, w)...))
			o.Platforms = []string{"linux/amd64", "linux/arm64"}
			o.IndexURL, o.LargePackage = w.index, largePackage
			return o
		}},
		// The packages scenario from a pyko.lock: the same packages, yet
		// not the digest of packages today, since the lock lists packages
		// by name and they are installed in that order, not the
		// resolver's: the installed db and a layer's history differ.
		{"pyko-lock", func(t *testing.T, w *world) build.Options {
			o := w.fromPackages(t, w.project(t, appFiles()...))
			if _, err := build.Lock(context.Background(), quietLog(), o, false); err != nil {
				t.Fatalf("build.Lock: %v", err)
			}
			return o
		}},
		// Both platforms of a local base, whose root-only /etc/passwd
		// makes pyko add its user; wheels for its Python 3.11.
		{"base", func(t *testing.T, w *world) build.Options {
			o := w.options(t, w.project(t, baseFiles(t, w)...))
			o.Base, o.IndexURL = w.base, w.index
			return o
		}},
	}
}

// appFiles are a plain project: pyproject.toml, main.py, a data file and
// an executable script.
func appFiles() []projectFile {
	return []projectFile{
		{"pyproject.toml", "[project]\nname = \"golden-app\"\nversion = \"1.2.3\"\nrequires-python = \">=3.12\"\n", 0o644},
		{"main.py", "from pathlib import Path\n\nprint((Path(__file__).parent / 'data' / 'greeting.txt').read_text())\n", 0o644},
		{"data/greeting.txt", "hello from the golden image\n", 0o644},
		{"bin/run.sh", "#!/bin/sh\nexec python3 /app/main.py\n", 0o755},
	}
}

// packageFiles are a project installed as a package: [build-system],
// [project.scripts], a src layout and a requirements.txt of every wheel.
func packageFiles(t *testing.T, w *world) []projectFile {
	return []projectFile{
		{"pyproject.toml", `[project]
name = "golden-pkg"
version = "0.4.0"
requires-python = ">=3.12"
dependencies = ["greeting==1.0", "colorlog-lite==2.1", "speedups==1.4.0"]

[project.scripts]
golden = "golden_pkg.cli:main"

[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"
`, 0o644},
		{"src/golden_pkg/__init__.py", "__version__ = '0.4.0'\n", 0o644},
		{"src/golden_pkg/cli.py", "import greeting\n\n\ndef main():\n    greeting.main()\n", 0o644},
		{"requirements.txt", w.requirements(t, "colorlog-lite", "greeting", "speedups"), 0o644},
	}
}

// baseFiles are a project for the base image, with [tool.pyko] labels.
func baseFiles(t *testing.T, w *world) []projectFile {
	return []projectFile{
		{"pyproject.toml", "[project]\nname = \"golden-base\"\nversion = \"2.0\"\nrequires-python = \">=3.11\"\n\n[tool.pyko]\nlabels = { team = \"golden\" }\n", 0o644},
		{"main.py", "import greeting\n\ngreeting.main()\n", 0o644},
		{"requirements.txt", w.requirements(t, "colorlog-lite", "greeting"), 0o644},
	}
}

// TestGolden pins the digest of the image each scenario builds, so that a
// refactor of the build can be shown to leave every byte alone. The
// scenarios build in a hermetic world (golden_world_test.go): APKs signed
// with a checked-in test key, wheels on a loopback index, a base image
// written by the test; no network, no clock. It uses only the build
// package's exported API, so it outlives any rewrite of its internals.
//
// Each scenario is built in two copies of the world that differ in
// temporary paths, ports, umask and project mtimes; both must give the
// same digest before it is compared with testdata/golden/digests.json.
// When the bytes are meant to change, rewrite the file with
//
//	go test ./internal/build -run TestGolden -update
//
// and review the diff of digests.json with the change.
func TestGolden(t *testing.T) {
	want := readDigests(t)
	worlds := []*world{
		newWorld(t, "a", 0o022, "", time.Time{}),
		newWorld(t, "b", 0o077, filepath.Join("elsewhere", "deeper"), time.Date(2031, 5, 6, 7, 8, 9, 0, time.UTC)),
	}
	got := map[string]string{}
	for _, sc := range scenarios() {
		t.Run(sc.name, func(t *testing.T) {
			for _, wy := range ways {
				d := buildTwice(t, sc, wy, worlds)
				if *update {
					if prev, ok := got[sc.name]; ok && prev != d {
						t.Fatalf("%s: %s gives %s, %s gave %s", sc.name, wy.name, d, ways[0].name, prev)
					}
					got[sc.name] = d
					continue
				}
				checkGolden(t, sc.name, wy.name, want, d)
			}
		})
	}
	if *update {
		writeDigests(t, want, got)
		return
	}
	for name := range want {
		if !slices.ContainsFunc(scenarios(), func(s scenario) bool { return s.name == name }) {
			t.Errorf("%s has a digest for %q, which no scenario builds: run with -update to drop it", digestsFile, name)
		}
	}
}

// buildTwice builds sc the way wy does in each world, under its umask, and
// returns the digest, which must be the same in both.
func buildTwice(t *testing.T, sc scenario, wy way, worlds []*world) string {
	t.Helper()
	var ds []string
	for _, w := range worlds {
		var d string
		w.do(func() { d = wy.build(t, sc.options(t, w)) })
		ds = append(ds, d)
	}
	for i := range ds[1:] {
		if ds[i+1] != ds[0] {
			t.Fatalf("%s by %s is not reproducible: world %s gives %s, world %s gives %s "+
				"(a temporary path, port, umask or mtime reaches the image)",
				sc.name, wy.name, worlds[0].name, ds[0], worlds[i+1].name, ds[i+1])
		}
	}
	return ds[0]
}

// checkGolden compares the digest built for name with the golden one.
func checkGolden(t *testing.T, name, wayName string, want map[string]string, got string) {
	t.Helper()
	w, ok := want[name]
	switch {
	case !ok:
		t.Errorf("%s has no digest for scenario %q (built %s by %s): run\n\tgo test ./internal/build -run TestGolden -update\nto add it",
			digestsFile, name, got, wayName)
	case w != got:
		t.Errorf("scenario %q built by %s changed:\n\twant %s\n\tgot  %s\n"+
			"If this change of the image bytes is intended, run\n\tgo test ./internal/build -run TestGolden -update\n"+
			"and commit testdata/golden/digests.json; otherwise the change is a regression.", name, wayName, w, got)
	}
}

// fromPlanDigest plans o with build.Plan, writes the plan as pyko plan
// --format json does, and builds it with build.FromPlan from an empty cache
// (so that every package and wheel is fetched by the plan's URL and checked
// against its hashes), with only the flags --from-plan takes.
func fromPlanDigest(t *testing.T, o build.Options) string {
	t.Helper()
	p, err := build.Plan(context.Background(), quietLog(), o)
	if err != nil {
		t.Fatalf("build.Plan: %v", err)
	}
	data, err := plan.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	fo := build.Options{Dir: o.Dir, FromPlan: file, CacheDir: t.TempDir(), TempDir: t.TempDir(), Insecure: o.Insecure,
		Outputs: []string{"oci:" + filepath.Join(t.TempDir(), "from-plan") + ":" + outputTag}}
	res, err := build.FromPlan(context.Background(), quietLog(), fo)
	if err != nil {
		t.Fatalf("build.FromPlan: %v", err)
	}
	checkOutput(t, fo.Outputs[0], res.Digest, validateOpts(o)...)
	return res.Digest.String()
}

// buildDigest builds o with build.Run and returns the digest it reports,
// after checking the oci: output holds a valid image or index of that
// digest under outputTag.
func buildDigest(t *testing.T, o build.Options) string {
	t.Helper()
	res, err := build.Run(context.Background(), quietLog(), o)
	if err != nil {
		t.Fatalf("build.Run: %v", err)
	}
	checkOutput(t, o.Outputs[0], res.Digest, validateOpts(o)...)
	return res.Digest.String()
}

func validateOpts(o build.Options) []validate.Option {
	if o.Compression == "zstd" {
		// ggcr's layer validation gunzips every layer: check only the
		// manifests and the config.
		return []validate.Option{validate.Fast}
	}
	return nil
}

// checkOutput reads the oci:DIR:TAG output and validates what it tags.
func checkOutput(t *testing.T, output string, digest v1.Hash, opts ...validate.Option) {
	t.Helper()
	dir := strings.TrimSuffix(strings.TrimPrefix(output, "oci:"), ":"+outputTag)
	idx, err := layout.ImageIndexFromPath(dir)
	if err != nil {
		t.Fatalf("reading the output %s: %v", dir, err)
	}
	im, err := idx.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(im.Manifests, func(d v1.Descriptor) bool { return d.Annotations[refName] == outputTag })
	switch {
	case i < 0:
		t.Fatalf("the output %s has no manifest tagged %s", dir, outputTag)
	case im.Manifests[i].Digest != digest:
		t.Fatalf("the output tags %s, build.Run reported %s", im.Manifests[i].Digest, digest)
	case im.Manifests[i].MediaType.IsIndex():
		sub, err := idx.ImageIndex(digest)
		if err == nil {
			err = validate.Index(sub, opts...)
		}
		if err != nil {
			t.Fatalf("the output index %s: %v", digest, err)
		}
	default:
		img, err := idx.Image(digest)
		if err == nil {
			err = validate.Image(img, opts...)
		}
		if err != nil {
			t.Fatalf("the output image %s: %v", digest, err)
		}
	}
}

func quietLog() *slog.Logger { return slog.New(slog.DiscardHandler) }

// readDigests reads the golden digests, by scenario name. A missing file
// is an error unless -update is writing it.
func readDigests(t *testing.T) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(goldenDir, digestsFile))
	if errors.Is(err, fs.ErrNotExist) && *update {
		return map[string]string{}
	}
	if err != nil {
		t.Fatalf("reading the golden digests: %v (run with -update to write them)", err)
	}
	m := map[string]string{}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("reading %s: %v", digestsFile, err)
	}
	return m
}

// writeDigests rewrites the golden file: the old entries of scenarios not
// built this time (a -run filter) are kept, those of no scenario dropped.
func writeDigests(t *testing.T, old, got map[string]string) {
	t.Helper()
	if t.Failed() {
		t.Fatalf("not rewriting %s: a scenario failed", digestsFile)
	}
	out := map[string]string{}
	for _, sc := range scenarios() {
		if d, ok := got[sc.name]; ok {
			out[sc.name] = d
		} else if d, ok := old[sc.name]; ok {
			out[sc.name] = d
		}
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(goldenDir, digestsFile), append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %d digests to %s", len(out), filepath.Join(goldenDir, digestsFile))
}
