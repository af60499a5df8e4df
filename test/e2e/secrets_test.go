package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSecretsStayOut: a .env with a fake secret, a key and CI files next
// to main.py stay out of /app, and the build says so in one line, with
// how to include one; pyko plan lists the files that go in; an include
// in [tool.pyko] puts the .env in, with a warning naming it.
func TestSecretsStayOut(t *testing.T) {
	t.Parallel()
	requirePyko(t)
	repo := wolfiClone(t)
	proj := copyExample(t, "hello")
	pyWriteFile(t, proj, ".env", "API_KEY=sk-test-not-a-real-secret\n")
	pyWriteFile(t, proj, ".env.example", "API_KEY=\n")
	pyWriteFile(t, proj, "deploy.pem", "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n")
	if err := os.MkdirAll(filepath.Join(proj, ".github", "workflows"), 0o755); err != nil {
		t.Fatal(err)
	}
	pyWriteFile(t, filepath.Join(proj, ".github", "workflows"), "ci.yml", "on: push\n")

	out := filepath.Join(t.TempDir(), "oci")
	r := runPyko(t, wolfiCache(t), wolfiBuildArgs(proj, repo, wolfiKeyFile(repo), "-o", "oci:"+out+":app")...)
	if r.code != 0 {
		t.Fatalf("build: exit %d\n%s", r.code, r.stderr)
	}
	warn := ""
	for _, l := range strings.Split(r.stderr, "\n") {
		if strings.Contains(l, "left out of /app by default") {
			warn = l
		}
	}
	for _, want := range []string{".env", ".github", "deploy.pem", "[tool.pyko] include"} {
		if !strings.Contains(warn, want) {
			t.Errorf("the warning %q lacks %q", warn, want)
		}
	}
	_, imgs := ociImages(t, out, "app")
	for _, img := range imgs {
		tree := readTree(t, img)
		for _, p := range []string{"app/.env", "app/deploy.pem", "app/.github/workflows/ci.yml"} {
			if tree.exists("/" + p) {
				t.Errorf("/%s is in the image", p)
			}
		}
		if !tree.exists("/app/.env.example") {
			t.Error("/app/.env.example, an example, was left out")
		}
	}

	plan := runPyko(t, wolfiCache(t), "plan", proj, "--repository", repo, "--keyring", wolfiKeyFile(repo), "--python", "3.11")
	if plan.code != 0 || !strings.Contains(plan.stdout, "      main.py\n") || strings.Contains(plan.stdout, "      .env\n") {
		t.Errorf("pyko plan's file list:\n%s\n%s", plan.stdout, plan.stderr)
	}

	pyWriteFile(t, proj, "pyproject.toml", "[tool.pyko]\ninclude = [\".env\"]\n")
	in := filepath.Join(t.TempDir(), "oci")
	r = runPyko(t, wolfiCache(t), wolfiBuildArgs(proj, repo, wolfiKeyFile(repo), "-o", "oci:"+in+":app")...)
	if r.code != 0 || !strings.Contains(r.stderr, "an app file looks like a secret") || !strings.Contains(r.stderr, "file=.env") {
		t.Fatalf("build with include: exit %d\n%s", r.code, r.stderr)
	}
	_, imgs = ociImages(t, in, "app")
	for _, img := range imgs {
		if !readTree(t, img).exists("/app/.env") {
			t.Error("[tool.pyko] include = [\".env\"] left it out")
		}
	}
}
