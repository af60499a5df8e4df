package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/testutil/pyindex"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// TestPyUnlockedPyproject builds examples/flask-requirements with its
// requirements.txt removed and its dependencies declared, unpinned, in
// pyproject.toml: pyko resolves them from the index (flask's and requests'
// own dependencies included), says once that they are not locked, and
// podman runs the image as it runs the locked one.
func TestPyUnlockedPyproject(t *testing.T) {
	t.Parallel()
	tools.Require(t, "skopeo")
	requirePyko(t)
	idx := pyindex.Serve(t, debWheelDir(t))
	repo := wolfiClone(t)
	proj := copyExample(t, "flask-requirements")
	if err := os.Remove(filepath.Join(proj, "requirements.txt")); err != nil {
		t.Fatal(err)
	}
	pyWriteFile(t, proj, "pyproject.toml", `[project]
name = "flask-unlocked"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = ["Flask>=2", "requests", "chardet"]
`)
	out := filepath.Join(t.TempDir(), "oci")
	args := wolfiBuildArgs(proj, repo, wolfiKeyFile(repo), "--index-url", idx.IndexURL(), "-o", "oci:"+out+":app")
	r := runPyko(t, wolfiCache(t), args...)
	if r.code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", r.code, r.stderr)
	}
	if n := strings.Count(r.stderr, "not locked"); n != 1 {
		t.Errorf("stderr says %d times that the dependencies are not locked, want once:\n%s", n, r.stderr)
	}
	checkFlaskImage(t, out)
	p := tools.NewPodman(t)
	got, err := podmanRun(t, p, out, "app", "localhost/flask-unlocked:1", nil)
	if err != nil {
		t.Fatal(err)
	}
	checkOutput(t, got, "GET /hello: 200 <p>Hello, &lt;pyko&gt;!</p>", "markupsafe escape: markupsafe._speedups")
	if again := buildOK(t, wolfiCache(t), wolfiBuildArgs(proj, repo, wolfiKeyFile(repo), "--index-url", idx.IndexURL(), "-o", "oci:"+filepath.Join(t.TempDir(), "again")+":app")...); again != lastLine(r.stdout) {
		t.Errorf("a second resolution from a fresh cache gave %s, the first %s", again, lastLine(r.stdout))
	}
}
