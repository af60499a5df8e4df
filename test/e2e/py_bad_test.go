package e2e

import (
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/testutil/pyindex"
	"github.com/pyko-dev/pyko/internal/testutil/wheels"
)

// pyBadCase is one bad lockfile, wheel or index. setup returns the
// project to build and extra flags.
type pyBadCase struct {
	name  string
	setup func(t *testing.T) (proj string, extra []string)
	// The error line names at least one of any, and all of all
	// (case-insensitive).
	any, all []string
}

// goodWheel is the small, valid wheel most cases pin.
var goodWheel = wheels.Wheel{Name: "good-pkg", Version: "1.0",
	Files: []wheels.File{{Path: "good_pkg/__init__.py", Content: []byte("X = 1\n")}}}

// badIndex writes ws into a new folder and serves it with opts; it
// returns the server and each wheel's sha256 by file name.
func badIndex(t *testing.T, ws []wheels.Wheel, opts ...pyindex.Option) (*pyindex.Server, map[string]string) {
	t.Helper()
	dir := t.TempDir()
	sums := map[string]string{}
	for _, w := range ws {
		_, sum, err := wheels.Write(dir, w)
		if err != nil {
			t.Fatal(err)
		}
		sums[w.Filename()] = sum
	}
	return pyindex.Serve(t, dir, opts...), sums
}

// reqProject writes a project whose requirements.txt is reqs.
func reqProject(t *testing.T, reqs string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "proj")
	mkProject(t, dir, map[string]string{
		"main.py":          "import good_pkg\nprint(good_pkg.X)\n",
		"requirements.txt": reqs,
	})
	return dir
}

// pinned is a requirements.txt pinning w by hash, from idx.
func pinned(idx *pyindex.Server, w wheels.Wheel, sum string) string {
	return fmt.Sprintf("--index-url %s\n%s==%s --hash=sha256:%s\n", idx.IndexURL(), w.Name, w.Version, sum)
}

// servedGood is a project pinning goodWheel from an index with opts.
func servedGood(opts ...pyindex.Option) func(t *testing.T) (string, []string) {
	return func(t *testing.T) (string, []string) {
		idx, sums := badIndex(t, []wheels.Wheel{goodWheel}, opts...)
		return reqProject(t, pinned(idx, goodWheel, sums[goodWheel.Filename()])), nil
	}
}

// oneWheel is a project pinning w, served by a plain index.
func oneWheel(w wheels.Wheel) func(t *testing.T) (string, []string) {
	return func(t *testing.T) (string, []string) {
		idx, sums := badIndex(t, []wheels.Wheel{w})
		return reqProject(t, pinned(idx, w, sums[w.Filename()])), nil
	}
}

func pyBadCases() []pyBadCase {
	return []pyBadCase{
		{name: "hash mismatch", setup: func(t *testing.T) (string, []string) {
			idx, _ := badIndex(t, []wheels.Wheel{goodWheel})
			wrong := strings.Repeat("ab", 32)
			return reqProject(t, pinned(idx, goodWheel, wrong)), nil
		}, all: []string{"good-pkg", "hash"}},
		{name: "uv.lock hash mismatch on download", setup: func(t *testing.T) (string, []string) {
			idx, _ := badIndex(t, []wheels.Wheel{goodWheel})
			w := pyWheel{Filename: goodWheel.Filename(), Name: "good-pkg", Version: goodWheel.Version, SHA256: strings.Repeat("cd", 32), Size: 1000}
			text, _ := uvLock(t, idx, map[string]pyWheel{"good-pkg": w}, "app", "1.0", []string{"good-pkg"}, nil)
			dir := filepath.Join(t.TempDir(), "proj")
			mkProject(t, dir, map[string]string{
				"main.py":        "import good_pkg\n",
				"pyproject.toml": "[project]\nname = \"app\"\nversion = \"1.0\"\ndependencies = [\"good-pkg\"]\n",
				"uv.lock":        text,
			})
			return dir, nil
		}, any: []string{goodWheel.Filename()}, all: []string{"sha256"}},
		{name: "wheel path with ..", setup: oneWheel(wheels.Wheel{Name: "evil", Version: "1.0", AllowUnsafePaths: true,
			Files: []wheels.File{{Path: "../../../etc/evil.py", Content: []byte("pwned = True\n")}}}),
			all: []string{"evil"}},
		{name: "lying RECORD", setup: oneWheel(wheels.Wheel{Name: "liar", Version: "1.0", BadRecord: true,
			Files: []wheels.File{{Path: "liar/__init__.py", Content: []byte("X = 1\n")}}}),
			all: []string{"liar", "record"}},
		{name: "unpinned requirement", setup: func(t *testing.T) (string, []string) {
			idx, _ := badIndex(t, []wheels.Wheel{goodWheel})
			return reqProject(t, "--index-url "+idx.IndexURL()+"\nflask>=2\n"), nil
		}, all: []string{"flask", "not found"}},
		{name: "unknown uv.lock version", setup: func(t *testing.T) (string, []string) {
			dir := filepath.Join(t.TempDir(), "proj")
			mkProject(t, dir, map[string]string{
				"main.py":        "print(1)\n",
				"pyproject.toml": "[project]\nname = \"app\"\nversion = \"1.0\"\ndependencies = []\n",
				"uv.lock":        "version = 99\nrequires-python = \">=3.11\"\n\n[[package]]\nname = \"app\"\nversion = \"1.0\"\nsource = { virtual = \".\" }\n",
			})
			return dir, nil
		}, all: []string{"uv.lock", "99"}},
		{name: "index answers 404", setup: servedGood(pyindex.NotFound("good-pkg")),
			all: []string{"good-pkg", "not found"}},
		{name: "index answers 500", setup: servedGood(pyindex.ServerError("good-pkg")),
			all: []string{"good-pkg", "500"}},
		{name: "index answers an HTML error page", setup: servedGood(pyindex.HTMLErrorPage("good-pkg", http.StatusOK)),
			all: []string{"good-pkg"}},
		{name: "truncated download", setup: servedGood(pyindex.TruncateFile(goodWheel.Filename())),
			any: []string{goodWheel.Filename(), "good-pkg"}},
		{name: "only an sdist, --no-build", setup: sdistOnly("--no-build"),
			all: []string{"srconly", "source distribution", "--no-build"}},
		// The build root comes from the APK repositories, Wolfi's by
		// default, which this machine cannot reach.
		{name: "only an sdist, no APK repository", setup: sdistOnly(),
			all: []string{"srconly==2.0", "build root", "packages.wolfi.dev"}},
	}
}

// TestPyBadInput checks that each bad Python lockfile, wheel or index
// ends the build on the Debian base with exit 1, one error line naming the
// culprit, and no output left behind. Each case has its own index and an
// empty download cache.
func TestPyBadInput(t *testing.T) {
	t.Parallel()
	requirePyko(t)
	base := baseRef(t)
	for _, tt := range pyBadCases() {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			proj, extra := tt.setup(t)
			dir := t.TempDir()
			outDir := filepath.Join(dir, "out-oci")
			outTar := filepath.Join(dir, "out.tar")
			args := slices.Concat([]string{"build", proj, "--base", base}, extra,
				[]string{"-o", "oci:" + outDir + ":x", "-o", "docker-archive:" + outTar})
			r := runPyko(t, wolfiCache(t), args...)
			if r.code != 1 {
				t.Errorf("exit code %d, want 1; stderr:\n%s", r.code, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout %q, want nothing on failure", r.stdout)
			}
			mention := tt.any
			if len(mention) == 0 {
				mention = tt.all
			}
			checkErrorLine(t, r.stderr, mention)
			line := strings.ToLower(lastErrorLine(r.stderr))
			for _, m := range tt.all {
				if !strings.Contains(line, strings.ToLower(m)) {
					t.Errorf("error line %q does not name %q", line, m)
				}
			}
			t.Logf("error line: %s", lastErrorLine(r.stderr))
			if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) > 0 {
				t.Errorf("the failed build left %v behind", left)
			}
		})
	}
}

// sdistOnly serves one package as an sdist only, and passes extra to the
// build.
func sdistOnly(extra ...string) func(t *testing.T) (string, []string) {
	return func(t *testing.T) (string, []string) {
		dir := t.TempDir()
		if _, _, err := wheels.WriteSdist(dir, wheels.Sdist{Name: "srconly", Version: "2.0",
			Files: []wheels.File{{Path: "srconly/__init__.py", Content: []byte("")}}}); err != nil {
			t.Fatal(err)
		}
		idx := pyindex.Serve(t, dir)
		return reqProject(t, "--index-url "+idx.IndexURL()+"\nsrconly==2.0\n"), extra
	}
}
