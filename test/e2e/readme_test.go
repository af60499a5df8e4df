package e2e

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// TestReadmeQuickStart runs the README's offline quick start as written,
// with bash, in a copy of the checkout: go install, the test world's
// scripts, pyko init, plan, two builds and an audit. The two builds must
// give the same digest and the audit must pass.
func TestReadmeQuickStart(t *testing.T) {
	t.Parallel()
	tools.Require(t, "bash", "git", "go", "apt-get", "dpkg-deb")
	readme, err := os.ReadFile(filepath.Join(moduleRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)<!-- quickstart -->\\s*```sh\\n(.*?)```\\s*<!-- /quickstart -->").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no <!-- quickstart --> ```sh block")
	}
	checkout := copyCheckout(t)
	gobin := t.TempDir()
	stdout, stderr := runScript(t, checkout, string(m[1]), "GOBIN="+gobin, "PYKO_CACHE="+t.TempDir())
	digests := regexp.MustCompile(`(?m)^sha256:[0-9a-f]{64}$`).FindAllString(stdout, -1)
	if len(digests) != 2 || digests[0] != digests[1] {
		t.Errorf("want two builds with one digest, got %q\nstderr:\n%s", digests, stderr)
	}
	for _, want := range []string{"[tool.pyko]", "flask", "/app/main.py"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("the quick start's output lacks %q:\n%s", want, stdout)
		}
	}
	if _, err := os.Stat(filepath.Join(checkout, "out", "index.json")); err != nil {
		t.Errorf("no oci:out layout: %v", err)
	}
}

// TestReleaseScript: scripts/release.sh makes an archive whose binary
// names its version, with a SHA256SUMS that checks, and a second run gives
// the same sums (reproducible archives).
func TestReleaseScript(t *testing.T) {
	t.Parallel()
	tools.Require(t, "bash", "git", "go", "tar", "sha256sum")
	var sums []string
	for range 2 {
		dist := t.TempDir()
		runScript(t, moduleRoot, "scripts/release.sh v0.0.0-e2e", "PLATFORMS=linux/amd64", "DIST="+dist)
		b, err := os.ReadFile(filepath.Join(dist, "SHA256SUMS"))
		if err != nil {
			t.Fatal(err)
		}
		sums = append(sums, string(b))
		runScript(t, dist, "sha256sum -c SHA256SUMS && tar -xzf pyko_v0.0.0-e2e_linux_amd64.tar.gz")
		out, _ := runScript(t, dist, "pyko_v0.0.0-e2e_linux_amd64/pyko version")
		if !strings.HasPrefix(out, "pyko v0.0.0-e2e ") || !strings.Contains(out, "linux/amd64") {
			t.Errorf("pyko version: %q", out)
		}
		// In a git checkout, the binary names its commit.
		if head, err := exec.Command("git", "-C", moduleRoot, "rev-parse", "HEAD").Output(); err == nil && !strings.Contains(out, "(commit "+strings.TrimSpace(string(head))) {
			t.Errorf("pyko version %q does not name the commit %s", out, head)
		}
	}
	if sums[0] != sums[1] || !strings.Contains(sums[0], "pyko_v0.0.0-e2e_linux_amd64.tar.gz") {
		t.Errorf("two runs gave different sums:\n%s\n%s", sums[0], sums[1])
	}
}

// runScript runs script with bash -euo pipefail in dir, the test's
// environment plus env, and returns its stdout and stderr; a failure is
// fatal.
func runScript(t *testing.T, dir, script string, env ...string) (string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-euo", "pipefail", "-c", script)
	cmd.Dir = dir
	cmd.Env = append(cleanEnv(), env...)
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "GOBIN="); ok {
			cmd.Env = append(cmd.Env, "PATH="+v+string(os.PathListSeparator)+os.Getenv("PATH"))
		}
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\nstdout:\n%s\nstderr:\n%s", script, err, stdout.String(), stderr.String())
	}
	return stdout.String(), stderr.String()
}

// copyCheckout copies the files git knows of (tracked, or new and not
// ignored) to a temporary directory: a checkout as a user has it.
func copyCheckout(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("git", "-C", moduleRoot, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	dst := filepath.Join(t.TempDir(), "pyko")
	for _, rel := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		data, err := os.ReadFile(filepath.Join(moduleRoot, rel))
		if os.IsNotExist(err) {
			continue // deleted in the working tree
		}
		if err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(filepath.Join(moduleRoot, rel))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dst, rel)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, rel), data, fi.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}
