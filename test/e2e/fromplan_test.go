package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
	"github.com/pyko-dev/pyko/internal/testutil/pyindex"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// TestFromPlan reviews-then-builds: pyko plan writes plan.json, and
// pyko build --from-plan builds exactly it, with the digest of pyko build
// on the same inputs, reading no APKINDEX and no index page; podman runs
// the result. A plan edited afterwards is refused. Both worlds: the Flask
// app from the Wolfi mirror and on the Debian base.
func TestFromPlan(t *testing.T) {
	t.Parallel()
	tools.Require(t, "skopeo")
	requirePyko(t)
	whl := debWheelDir(t)
	ws := wheelsIn(t, whl)
	idx := pyindex.Serve(t, whl)
	repo := wolfiClone(t)
	apks := apkrepo.Serve(t, repo)

	wolfi := copyExample(t, "flask-requirements")
	pyWriteFile(t, wolfi, "requirements.txt", pinLines(t, ws, flaskAndRequests...))
	deb := copyExample(t, "flask-requirements")
	pyWriteFile(t, deb, "requirements.txt", pinLines(t, ws, flaskAndRequests...))
	for _, w := range []struct {
		name, dir string
		shape     []string
	}{
		{"wolfi", wolfi, []string{"--repository", apks.URL, "--keyring", apks.URL + "/" + wolfiKeyName, "--python", "3.11", "--index-url", idx.IndexURL()}},
		{"debian", deb, []string{"--base", baseRef(t), "--index-url", idx.IndexURL()}},
	} {
		t.Run(w.name, func(t *testing.T) {
			env := wolfiCache(t)
			out := filepath.Join(t.TempDir(), "built")
			want := buildOK(t, env, append([]string{"build", w.dir, "-o", "oci:" + out + ":app"}, w.shape...)...)

			planned := runPyko(t, env, append([]string{"plan", w.dir, "--format", "json"}, w.shape...)...)
			if planned.code != 0 {
				t.Fatalf("pyko plan: exit %d\n%s", planned.code, planned.stderr)
			}
			planFile := filepath.Join(t.TempDir(), "plan.json")
			if err := os.WriteFile(planFile, []byte(planned.stdout), 0o644); err != nil {
				t.Fatal(err)
			}
			indexReads := apks.Requests("/x86_64/APKINDEX.tar.gz")
			pages := idx.TotalRequests() - idx.FileRequests()
			fromPlan := filepath.Join(t.TempDir(), "from-plan")
			// A fresh cache: every package and wheel is downloaded by URL.
			got := buildOK(t, wolfiCache(t), "build", w.dir, "--from-plan", planFile, "-o", "oci:"+fromPlan+":app")
			if got != want {
				t.Errorf("--from-plan built %s, pyko build %s", got, want)
			}
			if apks.Requests("/x86_64/APKINDEX.tar.gz") != indexReads || idx.TotalRequests()-idx.FileRequests() != pages {
				t.Error("--from-plan read an APKINDEX or an index page")
			}
			p := tools.NewPodman(t)
			run, err := podmanRun(t, p, fromPlan, "app", "localhost/from-plan-"+w.name+":1", nil)
			if err != nil {
				t.Fatal(err)
			}
			checkOutput(t, run, "GET /hello: 200 <p>Hello, &lt;pyko&gt;!</p>", "uid=65532 prefix=/app/venv python=3.11")

			edited := filepath.Join(t.TempDir(), "edited.json")
			os.WriteFile(edited, []byte(strings.Replace(planned.stdout, `"version": "`, `"version": "9`, 1)), 0o644)
			r := runPyko(t, wolfiCache(t), "build", w.dir, "--from-plan", edited, "-o", "oci:"+filepath.Join(t.TempDir(), "no")+":app")
			if r.code != 1 || !strings.Contains(r.stderr, "changed after pyko wrote it") {
				t.Errorf("an edited plan: exit %d\n%s", r.code, r.stderr)
			}
		})
	}
}
