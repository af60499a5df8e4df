package e2e

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/testutil/pyindex"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// uvAppVersion is examples/uv-app's [project] version.
const uvAppVersion = "0.3.1"

// uvApp copies examples/uv-app and writes its uv.lock for idx; it returns
// the project and the wheels the lock pins.
func uvApp(t *testing.T, idx *pyindex.Server, ws map[string]pyWheel) (string, []pyWheel) {
	t.Helper()
	proj := copyExample(t, "uv-app")
	text, locked := uvLock(t, idx, ws, "uv-app", uvAppVersion, []string{"requests"}, requestsGraph)
	pyWriteFile(t, proj, "uv.lock", text)
	return proj, locked
}

// TestPyUvApp builds examples/uv-app from the Wolfi mirror with a uv.lock:
// the project itself is installed (metadata, a .pth to /app/src, the
// launcher of its one script), the entrypoint is that launcher, and podman
// runs it.
func TestPyUvApp(t *testing.T) {
	t.Parallel()
	tools.Require(t, "skopeo")
	requirePyko(t)
	whl := debWheelDir(t)
	ws := wheelsIn(t, whl)
	idx := pyindex.Serve(t, whl)
	repo := wolfiClone(t)
	proj, _ := uvApp(t, idx, ws)
	out := filepath.Join(t.TempDir(), "oci")
	buildOK(t, wolfiCache(t), wolfiBuildArgs(proj, repo, wolfiKeyFile(repo), "-o", "oci:"+out+":app")...)

	t.Run("config and project install", func(t *testing.T) {
		t.Parallel()
		img := ociImage(t, out, "app")
		cfg, err := img.ConfigFile()
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"/app/venv/bin/hello"}; !slices.Equal(cfg.Config.Entrypoint, want) {
			t.Errorf("Entrypoint = %q, want %q (the project's one [project.scripts] entry)", cfg.Config.Entrypoint, want)
		}
		tree := readTree(t, img)
		launcher := string(readFile(t, img, tree, "/app/venv/bin/hello"))
		if !strings.HasPrefix(launcher, "#!/app/venv/bin/python") || !strings.Contains(launcher, "uv_app.cli") {
			t.Errorf("/app/venv/bin/hello is not a launcher of uv_app.cli:main run by the venv's python:\n%s", launcher)
		}
		if _, e := tree.resolve("/app/venv/bin/hello", true); e == nil || e.hdr.Mode&0o111 == 0 {
			t.Errorf("/app/venv/bin/hello is not executable (%v)", e)
		}
		distInfo := sitePackages + "/uv_app-" + uvAppVersion + ".dist-info/METADATA"
		if e := tree.entries[distInfo]; e == nil {
			t.Errorf("/%s is not in the image: importlib.metadata cannot see the project", distInfo)
		} else if meta := string(readFiles(t, img, tree, distInfo)[distInfo]); !strings.Contains(meta, "Name: uv-app") {
			t.Errorf("/%s names another project:\n%s", distInfo, meta)
		}
		var pth []string
		for name := range tree.entries {
			if strings.HasPrefix(name, sitePackages+"/") && strings.HasSuffix(name, ".pth") && strings.Contains(name, "uv_app") {
				pth = append(pth, string(readFiles(t, img, tree, name)[name]))
			}
		}
		if len(pth) != 1 || strings.TrimSpace(pth[0]) != "/app/src" {
			t.Errorf("the project's .pth files hold %q, want one holding /app/src (a src layout)", pth)
		}
		if tree.exists("/" + sitePackages + "/uv_app/__init__.py") {
			t.Error("the project's code is copied into site-packages; it should stay in /app/src")
		}
	})

	t.Run("podman runs hello", func(t *testing.T) {
		t.Parallel()
		p := tools.NewPodman(t)
		got, err := podmanRun(t, p, out, "app", "localhost/uv-app:1", nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("container output:\n%s", got)
		checkOutput(t, got,
			"uv-app "+uvAppVersion+" (from /app/src/uv_app)",
			"requests "+wheelOf(t, ws, "requests").Version+" (from /"+sitePackages+"/requests)",
			"prepared https://example.org/?v="+uvAppVersion,
			"uid=65532 argv0=/app/venv/bin/hello")
	})
}

// TestPyLockedDownloads checks what a lock with URLs and hashes means for
// the network: on a cold cache each locked wheel is downloaded exactly
// once and the index's pages are never asked (the lock says everything);
// on a warm cache nothing at all is requested and the digest is the same.
func TestPyLockedDownloads(t *testing.T) {
	t.Parallel()
	requirePyko(t)
	whl := debWheelDir(t)
	ws := wheelsIn(t, whl)
	idx := pyindex.Serve(t, whl)
	base := baseRef(t)
	proj, locked := uvApp(t, idx, ws)
	env := wolfiCache(t)
	build := func() string {
		t.Helper()
		out := filepath.Join(t.TempDir(), "oci")
		return buildOK(t, env, "build", proj, "--base", base, "-o", "oci:"+out+":app")
	}

	cold := build()
	if got := idx.FileRequests(); got != len(locked) {
		t.Errorf("cold cache: %d file downloads, want %d (one per locked wheel)", got, len(locked))
	}
	for _, w := range locked {
		if n := idx.Requests("/files/" + w.Filename); n != 1 {
			t.Errorf("cold cache: %s requested %d times, want once", w.Filename, n)
		}
	}
	if other := idx.TotalRequests() - idx.FileRequests(); other != 0 {
		t.Errorf("cold cache: %d requests besides the wheels (pages, metadata, sdists); the lock names every file", other)
	}

	beforeTotal := idx.TotalRequests()
	if warm := build(); warm != cold {
		t.Errorf("warm cache: digest %s, cold %s", warm, cold)
	}
	if n := idx.TotalRequests() - beforeTotal; n != 0 {
		t.Errorf("warm cache: %d requests to the index, want 0", n)
	}
}
