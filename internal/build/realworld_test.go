package build

import (
	"archive/tar"
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/pelletier/go-toml/v2"

	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
)

// TestRealWorldPlans plans the lockfiles of 31 public projects
// (testdata/realworld.tar.zst; each project's SOURCE.txt names the
// repository and commit): every one must plan, the packages no wheel
// fits planned as builds from their sdists, git and path dependencies as
// builds from git and directories (synapse, a maturin project, is built
// from its own directory). Offline, so the world is made from
// the locks themselves: an APK repository with Python 3.11 to 3.13 and a
// build root, and an index serving the files each lock names (poetry.lock
// and hash-pinned requirements name no URLs; uv.lock and pylock.toml do,
// and are planned from them). The dependency check needs every wheel's
// metadata, which no offline index has: --no-deps.
func TestRealWorldPlans(t *testing.T) {
	root := unpackZstdTar(t, filepath.Join("testdata", "realworld.tar.zst"))
	repo, keyPath := realWorldRepo(t)
	dirs, _ := filepath.Glob(filepath.Join(root, "realworld", "*", "*"))
	if len(dirs) != 31 {
		t.Fatalf("%d projects, want 31", len(dirs))
	}
	kinds := map[string]int{}
	for _, dir := range dirs {
		name := filepath.Base(filepath.Dir(dir)) + "/" + filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			idx := realWorldIndex(t, dir)
			o := Options{Dir: dir, Repositories: []string{repo}, Keyrings: []string{keyPath}, CacheDir: t.TempDir(), TempDir: t.TempDir(),
				IndexURL: idx + "/simple/", NoDeps: true, Entrypoint: `["/app/venv/bin/python", "-m", "app"]`}
			p, err := Plan(context.Background(), quiet(), o)
			if err != nil {
				t.Fatalf("pyko plan: %v", err)
			}
			var built []string
			for _, w := range p.Platforms[0].Wheels {
				if w.Build != nil {
					built = append(built, w.Build.Kind+" "+w.ID())
					kinds[w.Build.Kind]++
				}
			}
			if len(built) > 0 != (p.Platforms[0].BuildRoot != nil) {
				t.Errorf("%d builds, build root %v", len(built), p.Platforms[0].BuildRoot != nil)
			}
			t.Logf("python %s, %d packages, built from source: %v", p.Platforms[0].Target.Python, len(p.Platforms[0].Wheels), built)
		})
	}
	t.Logf("builds by kind: %v", kinds)
	for _, k := range []string{plan.SourceSdist, plan.SourceGit, plan.SourceDirectory} {
		if kinds[k] == 0 {
			t.Errorf("no %s build among the real lockfiles: %v", k, kinds)
		}
	}
}

// unpackZstdTar unpacks a .tar.zst of regular files and directories.
func unpackZstdTar(t *testing.T, file string) string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := zstd.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	dir := t.TempDir()
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return dir
		}
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, filepath.FromSlash(h.Name))
		if !filepath.IsLocal(h.Name) {
			t.Fatalf("archive member %q", h.Name)
		}
		switch h.Typeflag {
		case tar.TypeDir:
			err = os.MkdirAll(p, 0o755)
		case tar.TypeReg:
			var data []byte
			if data, err = io.ReadAll(tr); err == nil {
				err = os.WriteFile(p, data, 0o644)
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// realWorldRepo is a signed APK repository with what planning reads:
// Pythons 3.11 to 3.13 and their -dev, glibc, and a build-base. Its
// packages hold no files: planning downloads none.
func realWorldRepo(t *testing.T) (dir, keyPath string) {
	t.Helper()
	dir = t.TempDir()
	key, err := apkrepo.NewKey("realworld.rsa.pub")
	if err != nil {
		t.Fatal(err)
	}
	keyPath = filepath.Join(dir, key.Name)
	if err := os.WriteFile(keyPath, key.PublicPEM(), 0o644); err != nil {
		t.Fatal(err)
	}
	pkgs := []apkrepo.Package{
		apkPkg("wolfi-baselayout", "20230201-r0", "", nil),
		apkPkg("ca-certificates-bundle", "20250101-r0", "", nil),
		apkPkg("glibc", "2.41-r0", "glibc", []string{"wolfi-baselayout"}),
		apkPkg("build-base", "1-r0", "", []string{"glibc"}),
	}
	for _, v := range []string{"3.11.14", "3.12.12", "3.13.9"} {
		minor := v[:strings.LastIndexByte(v, '.')]
		pkgs = append(pkgs,
			apkPkg("python-"+minor, v+"-r0", "python-"+minor, []string{"glibc"}),
			apkPkg("python-"+minor+"-dev", v+"-r0", "python-"+minor, []string{"python-" + minor}))
	}
	if err := apkrepo.WriteRepo(dir, "x86_64", pkgs, key); err != nil {
		t.Fatal(err)
	}
	return dir, keyPath
}

// indexFile is a file the test index lists.
type indexFile struct {
	Filename string            `json:"filename"`
	URL      string            `json:"url"`
	Hashes   map[string]string `json:"hashes"`
}

// realWorldIndex serves a PEP 691 index of the files the project's
// poetry.lock or requirements files name, and returns its root URL.
func realWorldIndex(t *testing.T, dir string) string {
	t.Helper()
	files := map[string][]indexFile{}
	add := func(name, filename, sha string) {
		n := pep503.Normalize(name)
		files[n] = append(files[n], indexFile{Filename: filename, URL: "http://files.invalid/" + filename, Hashes: map[string]string{"sha256": sha}})
	}
	if data, err := os.ReadFile(filepath.Join(dir, "poetry.lock")); err == nil {
		poetryFiles(t, data, add)
	}
	if data, err := os.ReadFile(filepath.Join(dir, "requirements.txt")); err == nil {
		requirementsFiles(data, add)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.Trim(strings.TrimPrefix(r.URL.Path, "/simple/"), "/")
		fs, ok := files[pep503.Normalize(name)]
		if !ok {
			http.NotFound(w, r)
			return
		}
		sort.Slice(fs, func(i, j int) bool { return fs[i].Filename < fs[j].Filename })
		w.Header().Set("Content-Type", "application/vnd.pypi.simple.v1+json")
		_ = json.NewEncoder(w).Encode(map[string]any{"meta": map[string]string{"api-version": "1.1"}, "name": name, "files": fs})
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func poetryFiles(t *testing.T, data []byte, add func(name, filename, sha string)) {
	type file struct {
		File string `toml:"file"`
		Hash string `toml:"hash"`
	}
	var lock struct {
		Package []struct {
			Name  string `toml:"name"`
			Files []file `toml:"files"`
		} `toml:"package"`
		// Poetry before 1.5 lists the files in [metadata.files].
		Metadata struct {
			Files map[string][]file `toml:"files"`
		} `toml:"metadata"`
	}
	if err := toml.Unmarshal(data, &lock); err != nil {
		t.Fatal(err)
	}
	for _, p := range lock.Package {
		for _, f := range append(p.Files, lock.Metadata.Files[p.Name]...) {
			if sha, ok := strings.CutPrefix(f.Hash, "sha256:"); ok {
				add(p.Name, f.File, sha)
			}
		}
	}
}

var pinLine = regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;]+)`)

// requirementsFiles names a wheel and an sdist for each hash-pinned line
// (the lock gives hashes, not file names): a py3-none-any wheel with the
// first hash, an sdist with the second.
func requirementsFiles(data []byte, add func(name, filename, sha string)) {
	joined := strings.ReplaceAll(string(data), "\\\n", " ")
	sc := bufio.NewScanner(strings.NewReader(joined))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		m := pinLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		var hashes []string
		for _, f := range strings.Fields(line) {
			if h, ok := strings.CutPrefix(f, "--hash=sha256:"); ok {
				hashes = append(hashes, h)
			}
		}
		stem := strings.ReplaceAll(pep503.Normalize(m[1]), "-", "_") + "-" + m[3]
		if len(hashes) > 0 {
			add(m[1], stem+"-py3-none-any.whl", hashes[0])
		}
		if len(hashes) > 1 {
			add(m[1], stem+".tar.gz", hashes[1])
		}
	}
}
