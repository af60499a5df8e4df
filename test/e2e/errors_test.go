package e2e

import (
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// TestBadInput checks that each kind of bad input ends pyko with the right
// exit code, one clear error line naming the culprit, and no partial output.
func TestBadInput(t *testing.T) {
	t.Parallel()
	base := baseRef(t)
	requirePyko(t)
	tmp := t.TempDir()

	noEntry := filepath.Join(tmp, "noentry")
	mkProject(t, noEntry, map[string]string{
		"pyproject.toml": "[project]\nname = \"noentry\"\nversion = \"0.1.0\"\n",
		"lib.py":         "X = 1\n",
	})
	notImage := filepath.Join(tmp, "random.tar")
	if err := os.WriteFile(notImage, []byte("this is not a tar archive, let alone an image\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	closed, err := tools.FreeAddr() // nothing listens there any more
	if err != nil {
		t.Fatal(err)
	}
	denied := deniedRegistry(t)

	tests := []struct {
		name    string
		args    []string
		code    int
		mention []string // the error line names at least one of these
	}{
		{"missing directory", []string{"build", filepath.Join(tmp, "nope"), "--base", base}, 1, []string{filepath.Join(tmp, "nope")}},
		{"no entrypoint", []string{"build", noEntry, "--base", base}, 2, []string{"entrypoint", "main.py"}},
		{"base layout missing", []string{"build", helloDir(), "--base", "oci:/nonexistent"}, 1, []string{"/nonexistent"}},
		{"base is not an image", []string{"build", helloDir(), "--base", "docker-archive:" + notImage}, 1, []string{notImage}},
		{"unknown output type", []string{"build", helloDir(), "--base", base, "-o", "bogus:x"}, 2, []string{"bogus"}},
		{"registry down", []string{"build", helloDir(), "--base", base, "-t", closed + "/hello:1", "--push", "--insecure-registry", closed}, 1, []string{closed}},
		{"push denied", []string{"build", helloDir(), "--base", base, "-t", denied + "/hello:1", "--push", "--insecure-registry", denied}, 1, []string{"401", "unauthorized", "denied", "authentication"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			outDir := filepath.Join(dir, "out-oci")
			outTar := filepath.Join(dir, "out.tar")
			args := slices.Concat(tt.args, []string{"-o", "oci:" + outDir + ":x", "-o", "docker-archive:" + outTar})
			r := runPyko(t, nil, args...)
			if r.code != tt.code {
				t.Errorf("exit code %d, want %d; stderr:\n%s", r.code, tt.code, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout %q, want nothing on failure", r.stdout)
			}
			checkErrorLine(t, r.stderr, tt.mention)
			for _, p := range []string{outDir, outTar} {
				if exists(p) {
					t.Errorf("failed build left %s behind", p)
				}
			}
			if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) > 0 {
				t.Errorf("failed build left files next to its outputs: %v", left)
			}
		})
	}
}

var errorLine = regexp.MustCompile(`(?i)\berror\b`)

// checkErrorLine requires exactly one stderr line that reports an error,
// naming one of mention (case-insensitive), and no Go panic.
func checkErrorLine(t *testing.T, stderr string, mention []string) {
	t.Helper()
	if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic:") {
		t.Fatalf("pyko panicked:\n%s", stderr)
	}
	var lines []string
	for _, l := range strings.Split(stderr, "\n") {
		if errorLine.MatchString(l) {
			lines = append(lines, l)
		}
	}
	if len(lines) != 1 {
		t.Fatalf("stderr has %d error lines, want 1:\n%s", len(lines), stderr)
	}
	for _, m := range mention {
		if strings.Contains(strings.ToLower(lines[0]), strings.ToLower(m)) {
			return
		}
	}
	t.Errorf("error line %q names none of %q", lines[0], mention)
}

// mkProject writes files into a new project dir.
func mkProject(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// deniedRegistry serves a registry on loopback that demands credentials
// pyko does not have: every request gets 401 with a Basic challenge.
// It returns HOST:PORT.
func deniedRegistry(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Docker-Distribution-API-Version", "registry/2.0")
		w.Header().Set("WWW-Authenticate", `Basic realm="x"`)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}`))
	}))
	t.Cleanup(srv.Close)
	host, _, err := net.SplitHostPort(srv.Listener.Addr().String())
	if err != nil || host != "127.0.0.1" {
		t.Fatalf("test registry listens on %s, want loopback", srv.Listener.Addr())
	}
	return srv.Listener.Addr().String()
}
