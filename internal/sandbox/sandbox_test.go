package sandbox

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

func TestMain(m *testing.M) {
	Main()
	os.Exit(m.Run())
}

// busyboxRoot is a root file system holding only a static busybox.
func busyboxRoot(t *testing.T) string {
	t.Helper()
	tools.Require(t, "busybox")
	bb, err := os.ReadFile("/bin/busybox")
	if err != nil {
		tools.Unavailable(t, "a static /bin/busybox (Debian's busybox-static): %v", err)
	}
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "bin", "busybox"), bb, 0o755); err != nil {
		t.Fatal(err)
	}
	return root
}

// sh runs script in a sandbox over root with binds and returns stdout,
// stderr and Run's error.
func sh(t *testing.T, root string, binds []Bind, timeout time.Duration, script string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := Run(context.Background(), Spec{Root: root, Binds: binds, Timeout: timeout, Dir: "/",
		Args: []string{"/bin/busybox", "sh", "-c", script}, Env: []string{"PATH=/bin"}}, &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestSandbox(t *testing.T) {
	tools.RequireRoot(t)
	root := busyboxRoot(t)
	src, outDir := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(src, "in.txt"), []byte("from the source\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	secret := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(secret, []byte("host secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1); _, _ = io.WriteString(w, "reached") }))
	t.Cleanup(srv.Close)
	binds := []Bind{{Src: src, Dst: "/src"}, {Src: outDir, Dst: "/out", Writable: true}}
	for _, tc := range []struct {
		name, script string
		ok           bool
		stdout       string
	}{
		{"reads the source, writes the output", "/bin/busybox cat /src/in.txt > /out/out.txt && echo done", true, "done\n"},
		{"the root is read-only", "/bin/busybox touch /bin/x", false, ""},
		{"the source is read-only", "/bin/busybox touch /src/x", false, ""},
		{"no host path is visible", "/bin/busybox cat " + secret + " || /bin/busybox ls /work /root /home /etc 2>/dev/null", false, ""},
		{"/tmp is fresh and writable", "/bin/busybox ls -A /tmp; /bin/busybox touch /tmp/x && echo ok", true, "ok\n"},
		{"no network, not even the host's loopback", "/bin/busybox wget -q -T 2 -O- " + srv.URL, false, ""},
		{"a PID namespace of its own: the host's processes are not there", "test $$ -lt 64 && echo own", true, "own\n"},
		{"runs as root of its own user namespace", "/bin/busybox id -u", true, "0\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, err := sh(t, root, binds, time.Minute, tc.script)
			if (err == nil) != tc.ok {
				t.Fatalf("err = %v, want ok=%v; stdout %q, stderr %q", err, tc.ok, out, errOut)
			}
			if err != nil {
				var ee *ExitError
				if !errors.As(err, &ee) {
					t.Fatalf("err = %v, want the command's *ExitError (the sandbox itself failed?); stderr %q", err, errOut)
				}
			}
			if out != tc.stdout {
				t.Errorf("stdout %q, want %q (stderr %q)", out, tc.stdout, errOut)
			}
		})
	}
	if b, err := os.ReadFile(filepath.Join(outDir, "out.txt")); err != nil || string(b) != "from the source\n" {
		t.Errorf("the output dir holds %q, %v", b, err)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the host's loopback server was reached %d times", n)
	}
	if left, _ := filepath.Glob(filepath.Join(os.TempDir(), "pyko-sandbox-*")); len(left) > 0 {
		t.Logf("note: sandbox roots left in TMPDIR (other runs?): %v", left)
	}
}

func TestSandboxExitAndTimeout(t *testing.T) {
	tools.RequireRoot(t)
	root := busyboxRoot(t)
	_, _, err := sh(t, root, nil, time.Minute, "exit 3")
	var ee *ExitError
	if !errors.As(err, &ee) || ee.Code != 3 {
		t.Errorf("exit 3: %v", err)
	}
	start := time.Now()
	_, _, err = sh(t, root, nil, 500*time.Millisecond, "/bin/busybox sleep 30")
	if !errors.Is(err, ErrTimeout) || time.Since(start) > 10*time.Second {
		t.Errorf("sleep 30 with a 500ms limit: %v after %v", err, time.Since(start))
	}
	_, errOut, err := sh(t, filepath.Join(root, "nope"), nil, time.Minute, "true")
	if err == nil || !strings.Contains(errOut, "reading the root") {
		t.Errorf("a missing root: %v, stderr %q", err, errOut)
	}
}

// TestSandboxAsOrdinaryUser runs this test binary again as uid 65534 (the
// kernel must allow unprivileged user namespaces) and builds a sandbox
// there: the namespaces need no privilege.
func TestSandboxAsOrdinaryUser(t *testing.T) {
	if os.Getenv("PYKO_SANDBOX_USER_TEST") == "1" {
		root := os.Getenv("PYKO_SANDBOX_ROOT")
		out, errOut, err := sh(t, root, nil, time.Minute, "/bin/busybox id -u; /bin/busybox touch /bin/x 2>/dev/null || echo ro")
		if err != nil || out != "0\nro\n" {
			t.Fatalf("as uid %d: stdout %q, stderr %q, %v", os.Getuid(), out, errOut, err)
		}
		t.Logf("sandboxed as uid %d", os.Getuid())
		return
	}
	tools.RequireRoot(t)
	if b, err := os.ReadFile("/proc/sys/kernel/unprivileged_userns_clone"); err == nil && strings.TrimSpace(string(b)) == "0" {
		tools.Unavailable(t, "unprivileged user namespaces are off (kernel.unprivileged_userns_clone=0)")
	}
	dir, err := os.MkdirTemp("", "pyko-sandbox-user-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	root := filepath.Join(dir, "root")
	bb, err := os.ReadFile("/bin/busybox")
	if err != nil {
		tools.Unavailable(t, "a static /bin/busybox: %v", err)
	}
	self, err := os.ReadFile("/proc/self/exe")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		path string
		data []byte
	}{{filepath.Join(root, "bin", "busybox"), bb}, {filepath.Join(dir, "sandbox.test"), self}} {
		if err := os.MkdirAll(filepath.Dir(f.path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f.path, f.data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(dir, "sandbox.test"), "-test.run", "^TestSandboxAsOrdinaryUser$", "-test.count", "1", "-test.v")
	cmd.Env = []string{"PYKO_SANDBOX_USER_TEST=1", "PYKO_SANDBOX_ROOT=" + root, "TMPDIR=" + dir, "PATH=/usr/bin:/bin"}
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	if err := os.Chmod(dir, 0o1777); err != nil {
		t.Fatal(err)
	}
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "sandboxed as uid 65534") {
		t.Fatalf("as uid 65534: %v\n%s", err, out)
	}
}

func TestProbe(t *testing.T) {
	tools.RequireRoot(t)
	if err := Probe(context.Background()); err != nil {
		t.Fatalf("Probe as root: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(os.TempDir(), "pyko-sandbox-probe-*")); len(left) > 0 {
		t.Logf("note: probe roots in TMPDIR (other runs?): %v", left)
	}
}

// TestSandboxInput: the command reads Spec.Input, and nothing (not the
// caller's stdin) without one.
func TestSandboxInput(t *testing.T) {
	tools.RequireRoot(t)
	root := busyboxRoot(t)
	for _, tc := range []struct {
		name  string
		input io.Reader
		want  string
	}{
		{"the spec's input", strings.NewReader("one\ntwo\n"), "2\n"},
		{"no input: /dev/null", nil, "0\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := Run(context.Background(), Spec{Root: root, Dir: "/", Input: tc.input,
				Args: []string{"/bin/busybox", "wc", "-l"}, Env: []string{"PATH=/bin"}}, &out, &errOut)
			if err != nil || strings.TrimSpace(out.String()) != strings.TrimSpace(tc.want) {
				t.Errorf("wc -l gave %q, %v (stderr %q), want %q", out.String(), err, errOut.String(), tc.want)
			}
		})
	}
}
