package e2e

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
	"github.com/pyko-dev/pyko/internal/testutil/debwheels"
	"github.com/pyko-dev/pyko/internal/testutil/pyindex"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// TestPlanTwoPlatforms plans the Flask app for amd64 and arm64 from the
// mirror and an index on loopback, and checks that it names the right
// packages and wheels without downloading a single package or wheel.
func TestPlanTwoPlatforms(t *testing.T) {
	idx := twoArchIndex(t)
	repo := wolfiClone(t, "amd64", "arm64")
	apks := apkrepo.Serve(t, repo)

	proj := copyExample(t, "flask-requirements")
	env := append(wolfiCache(t), "SOURCE_DATE_EPOCH=1700000000")
	args := []string{"plan", proj, "--repository", apks.URL, "--keyring", apks.URL + "/" + filepath.Base(wolfiKeyFile(repo)),
		"--python", "3.11", "--index-url", idx.IndexURL(), "--platform", "linux/amd64,linux/arm64", "--format", "json"}
	first := runPyko(t, env, args...)
	if first.code != 0 {
		t.Fatalf("pyko plan: exit %d\n%s", first.code, first.stderr)
	}
	second := runPyko(t, env, args...)
	if first.stdout != second.stdout {
		t.Fatal("two runs of pyko plan printed different JSON")
	}
	if n := idx.FileRequests(); n != 0 {
		t.Errorf("pyko plan downloaded %d wheels", n)
	}
	for _, arch := range []string{"x86_64", "aarch64"} {
		ents, _ := os.ReadDir(filepath.Join(repo, arch))
		for _, e := range ents {
			if strings.HasSuffix(e.Name(), ".apk") && apks.Requests("/"+arch+"/"+e.Name()) != 0 {
				t.Errorf("pyko plan downloaded %s/%s", arch, e.Name())
			}
		}
	}

	var p plan.Plan
	if err := json.Unmarshal([]byte(first.stdout), &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Platforms) != 2 {
		t.Fatalf("%d platforms", len(p.Platforms))
	}
	for _, pl := range p.Platforms {
		machine := map[string]string{"linux/amd64": "x86_64", "linux/arm64": "aarch64"}[pl.Platform]
		if pl.OS == nil || pl.OS.Arch != machine {
			t.Fatalf("%s: os %+v", pl.Platform, pl.OS)
		}
		names := map[string]bool{}
		for _, pk := range pl.OS.Packages {
			names[pk.Name] = true
		}
		for _, want := range []string{"python-3.11", "python-3.11-base", "glibc", "ca-certificates-bundle", "wolfi-baselayout"} {
			if !names[want] {
				t.Errorf("%s: no %s among the OS packages", pl.Platform, want)
			}
		}
		wheels := map[string]plan.Wheel{}
		for _, w := range pl.Wheels {
			wheels[w.Name] = w
		}
		ms := wheels["markupsafe"]
		if ms.Tag != "cp311-cp311-manylinux_2_17_"+machine || !strings.HasSuffix(ms.Filename, "_"+machine+".whl") || len(ms.SHA256) != 64 {
			t.Errorf("%s: markupsafe %+v", pl.Platform, ms)
		}
		if wheels["flask"].Filename != "flask-2.2.2-py3-none-any.whl" {
			t.Errorf("%s: flask %+v", pl.Platform, wheels["flask"])
		}
		if pl.Target.Glibc != "2.36" || pl.Config.Entrypoint[0] != "/app/venv/bin/python" {
			t.Errorf("%s: target %+v entrypoint %q", pl.Platform, pl.Target, pl.Config.Entrypoint)
		}
	}

	text := runPyko(t, env, args[:len(args)-2]...)
	if text.code != 0 || !strings.Contains(text.stdout, "markupsafe-2.1.2-cp311-cp311-manylinux_2_17_aarch64.whl") || !strings.Contains(text.stdout, "layer") {
		t.Errorf("text plan: exit %d\n%s", text.code, text.stdout)
	}
}

// TestPyLockTwoPlatforms: pyko lock resolves an unlocked project once per
// platform and writes one pylock.toml for both: MarkupSafe, the same
// version on both, is one entry holding its x86_64 and its aarch64 wheel;
// a --locked plan of both platforms then installs from it, each platform
// its own wheel.
func TestPyLockTwoPlatforms(t *testing.T) {
	idx := twoArchIndex(t)
	repo := wolfiClone(t, "amd64", "arm64")
	proj := copyExample(t, "flask-requirements")
	if err := os.Remove(filepath.Join(proj, "requirements.txt")); err != nil {
		t.Fatal(err)
	}
	pyWriteFile(t, proj, "pyproject.toml", "[project]\nname = \"two\"\nversion = \"1\"\ndependencies = [\"Flask>=2\", \"requests\", \"chardet\"]\n")
	env := wolfiCache(t)
	common := []string{"--repository", repo, "--keyring", wolfiKeyFile(repo), "--python", "3.11", "--index-url", idx.IndexURL(), "--platform", "linux/amd64,linux/arm64"}
	if r := runPyko(t, env, append([]string{"lock", proj}, common...)...); r.code != 0 {
		t.Fatalf("pyko lock: exit %d\n%s", r.code, r.stderr)
	}
	b, err := os.ReadFile(filepath.Join(proj, "pylock.toml"))
	if err != nil {
		t.Fatal(err)
	}
	lock := string(b)
	if !strings.Contains(lock, `environments = ["platform_machine == 'x86_64'", "platform_machine == 'aarch64'"]`) {
		t.Errorf("pylock.toml does not list both platforms:\n%s", lock)
	}
	if n := strings.Count(lock, `name = "markupsafe"`); n != 1 {
		t.Errorf("markupsafe has %d entries, want 1 (one version on both platforms)", n)
	}
	for _, arch := range []string{"x86_64", "aarch64"} {
		if !strings.Contains(lock, "markupsafe-2.1.2-cp311-cp311-manylinux_2_17_"+arch+".whl") && !strings.Contains(lock, "MarkupSafe-2.1.2-cp311-cp311-manylinux_2_17_"+arch) {
			t.Errorf("pylock.toml has no %s wheel of markupsafe:\n%s", arch, lock)
		}
	}
	r := runPyko(t, env, append([]string{"plan", proj, "--format", "json", "--locked"}, common...)...)
	if r.code != 0 {
		t.Fatalf("pyko plan --locked: exit %d\n%s", r.code, r.stderr)
	}
	var p plan.Plan
	if err := json.Unmarshal([]byte(r.stdout), &p); err != nil {
		t.Fatal(err)
	}
	for _, pl := range p.Platforms {
		for _, w := range pl.Wheels {
			if w.Name == "markupsafe" && !strings.Contains(w.Filename, pl.Target.Machine) {
				t.Errorf("%s installs %s", pl.Platform, w.Filename)
			}
		}
	}
}

// twoArchIndex serves the Debian-made wheels of amd64 and arm64 in one
// index (the pure wheels are the same file in both).
func twoArchIndex(t *testing.T) *pyindex.Server {
	t.Helper()
	tools.Require(t, "apt-get", "dpkg-deb")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	arm, err := debwheels.Build(ctx, "", "arm64")
	if err != nil {
		t.Fatal(err)
	}
	wheelDir := t.TempDir()
	for _, dir := range []string{debWheelDir(t), arm} {
		ents, _ := os.ReadDir(dir)
		for _, e := range ents {
			if err := os.Link(filepath.Join(dir, e.Name()), filepath.Join(wheelDir, e.Name())); err != nil && !os.IsExist(err) {
				t.Fatal(err)
			}
		}
	}
	return pyindex.Serve(t, wheelDir)
}
