package e2e

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// TestStopSignal: the image stops at once when asked. Python as PID 1
// ignores SIGTERM without a handler, so "podman stop" would wait its grace
// period and kill (exit 137); the image's SIGINT stop signal raises
// KeyboardInterrupt instead: the program's finally blocks run and it exits
// 130. --stop-signal overrides it.
func TestStopSignal(t *testing.T) {
	t.Parallel()
	tools.Require(t, "skopeo")
	requirePyko(t)
	repo := wolfiClone(t)
	proj := t.TempDir()
	pyWriteFile(t, proj, "main.py", "import time\nprint('ready', flush=True)\ntry:\n    time.sleep(3600)\nfinally:\n    print('stopped cleanly', flush=True)\n")
	out := filepath.Join(t.TempDir(), "oci")
	buildOK(t, wolfiCache(t), wolfiBuildArgs(proj, repo, wolfiKeyFile(repo), "-o", "oci:"+out+":app")...)
	if got := skopeoConfig(t, "oci:"+out+":app").Config.StopSignal; got != "SIGINT" {
		t.Errorf("StopSignal = %q, want SIGINT", got)
	}

	p := tools.NewPodman(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if err := p.LoadOCI(ctx, out, "app", "localhost/pyko-stop:1"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Podman(ctx, "run", "-d", "--name", "stopme", "--network=none", "localhost/pyko-stop:1"); err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		logs, _ := p.Podman(ctx, "logs", "stopme")
		if strings.Contains(logs, "ready") {
			break
		}
		if i == 100 {
			t.Fatalf("the container never got ready: %q", logs)
		}
		time.Sleep(100 * time.Millisecond)
	}
	// A grace period longer than the test's patience: only the stop
	// signal can end the container in time to exit 130.
	if _, err := p.Podman(ctx, "stop", "--time", "120", "stopme"); err != nil {
		t.Fatal(err)
	}
	code, err := p.Podman(ctx, "inspect", "--format", "{{.State.ExitCode}}", "stopme")
	if err != nil {
		t.Fatal(err)
	}
	logs, _ := p.Podman(ctx, "logs", "stopme")
	if strings.TrimSpace(code) != "130" || !strings.Contains(logs, "stopped cleanly") {
		t.Errorf("exit code %s, want 130 (KeyboardInterrupt); logs:\n%s", strings.TrimSpace(code), logs)
	}

	other := filepath.Join(t.TempDir(), "oci")
	buildOK(t, wolfiCache(t), wolfiBuildArgs(proj, repo, wolfiKeyFile(repo), "--stop-signal", "SIGTERM", "-o", "oci:"+other+":app")...)
	if got := skopeoConfig(t, "oci:"+other+":app").Config.StopSignal; got != "SIGTERM" {
		t.Errorf("--stop-signal SIGTERM: StopSignal = %q", got)
	}
	if r := runPyko(t, wolfiCache(t), wolfiBuildArgs(proj, repo, wolfiKeyFile(repo), "--stop-signal", "sig term")...); r.code != 2 || !strings.Contains(r.stderr, "--stop-signal") {
		t.Errorf("a bad --stop-signal: exit %d\n%s", r.code, r.stderr)
	}
}
