package e2e

import (
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
	fp "github.com/pyko-dev/pyko/internal/testutil/faultproxy"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// TestHostileSignals stops pyko with SIGINT, SIGTERM or SIGKILL while a
// download or a push hangs, then builds again on the same cache: the clean
// digest must come out. SIGINT and SIGTERM must end the build within
// seconds, with no output and no tag, and park the download for the next
// build to resume.
func TestHostileSignals(t *testing.T) {
	t.Parallel()
	requirePyko(t)
	repo := wolfiClone(t)
	srv := apkrepo.Serve(t, repo)
	clean := buildOK(t, wolfiCache(t), wolfiBuildArgs(helloDir(), repo, wolfiKeyFile(repo), "-o", "oci:"+filepath.Join(t.TempDir(), "clean")+":app")...)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGKILL} {
		t.Run(sig.String()+" during a download", func(t *testing.T) {
			t.Parallel()
			p := fp.New(t, srv.URL)
			rule := p.Inject(http.MethodGet, apkPython, fp.Fault{Kind: fp.Stall})
			env := wolfiCache(t)
			out := filepath.Join(t.TempDir(), "out", "oci")
			args := wolfiBuildArgs(helloDir(), p.URL, p.URL+"/"+wolfiKeyName, "-o", "oci:"+out+":app")
			signalAt(t, rule, sig, env, args, out, partialLanded(strings.TrimPrefix(env[0], "PYKO_CACHE=")))
			p.Clear()
			if got := buildOK(t, env, args...); got != clean {
				t.Errorf("rebuild after %v: %s, want the clean %s", sig, got, clean)
			}
			if sig != syscall.SIGKILL && p.RangeRequests(apkPython) == 0 {
				t.Error("the rebuild did not resume the download the interrupted build parked")
			}
		})
		t.Run(sig.String()+" during a push", func(t *testing.T) {
			t.Parallel()
			upstream := tools.Registry(t)
			p := fp.New(t, "http://"+upstream)
			rule := p.Inject(http.MethodPut, regTag, fp.Fault{Kind: fp.Hang})
			env := wolfiCache(t)
			out := filepath.Join(t.TempDir(), "out", "oci")
			args := wolfiBuildArgs(helloDir(), repo, wolfiKeyFile(repo),
				"-t", p.Host+"/app:1", "--push", "--insecure-registry", p.Host, "-o", "oci:"+out+":app")
			signalAt(t, rule, sig, env, args, out, nil)
			if got := registryTag(t, upstream, "app", "1"); got != "" {
				t.Errorf("after %v the registry has app:1 at %s", sig, got)
			}
			p.Clear()
			if got := buildOK(t, env, args...); got != clean {
				t.Errorf("rebuild after %v: %s, want the clean %s", sig, got, clean)
			}
			if got := registryTag(t, upstream, "app", "1"); got != clean {
				t.Errorf("after the rebuild the registry has app:1 at %q, want %s", got, clean)
			}
		})
	}
}

// partialLanded reports whether a download in the cache cache has
// written some bytes to its temporary file (fetch's tmp/*.tmp): what an
// interrupted build can park for the next to resume.
func partialLanded(cache string) func() bool {
	return func() bool {
		tmps, _ := filepath.Glob(filepath.Join(cache, "tmp", "*.tmp"))
		for _, f := range tmps {
			if fi, err := os.Stat(f); err == nil && fi.Size() > 0 {
				return true
			}
		}
		return false
	}
}

// signalAt starts pyko with args, sends it sig once rule has spoilt a
// response and landed (if given) reports what the fault let through
// landed, and checks how it ended: SIGINT and SIGTERM within 10 s,
// non-zero, with nothing on stdout and no output at out.
func signalAt(t *testing.T, rule *fp.Rule, sig syscall.Signal, env, args []string, out string, landed func() bool) {
	t.Helper()
	cmd := exec.Command(pykoBin, args...)
	cmd.Env = append(append(cleanEnv(), "DOCKER_CONFIG="+t.TempDir()), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-rule.Hit():
	case err := <-done:
		t.Fatalf("pyko ended (%v) before the fault; stderr:\n%s", err, stderr.String())
	case <-time.After(time.Minute):
		_ = cmd.Process.Kill()
		t.Fatal("the fault was never reached")
	}
	// Let the half body land: a fixed wait was too short on a busy
	// machine, and an interrupted build that had no byte yet parks none.
	time.Sleep(200 * time.Millisecond)
	for deadline := time.Now().Add(30 * time.Second); landed != nil && !landed(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatal("no byte of the stalled download landed in 30 s")
		}
	}
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	sent := time.Now()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("pyko still running 30 s after %v; stderr:\n%s", sig, stderr.String())
	}
	if took := time.Since(sent); sig != syscall.SIGKILL && took > 10*time.Second {
		t.Errorf("pyko took %v to stop after %v", took, sig)
	}
	if cmd.ProcessState.Success() {
		t.Errorf("pyko exited 0 after %v", sig)
	}
	if sig != syscall.SIGKILL && cmd.ProcessState.ExitCode() != 128+int(sig) {
		t.Errorf("pyko exited %d after %v, want %d (128 + the signal, as a shell reports it)", cmd.ProcessState.ExitCode(), sig, 128+int(sig))
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout %q after %v, want nothing", stdout.String(), sig)
	}
	if sig != syscall.SIGKILL {
		if _, err := os.Stat(out); err == nil {
			t.Errorf("an interrupted build left its output %s", out)
		}
		t.Logf("after %v: %s", sig, lastErrorLine(stderr.String()))
	}
}
