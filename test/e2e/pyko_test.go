package e2e

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

// result is what one pyko run produced.
type result struct {
	stdout, stderr string
	code           int
}

// pykoTimeout bounds one pyko run.
const pykoTimeout = 3 * time.Minute

// runPyko runs the pyko binary with args. The environment is the test's
// minus SOURCE_DATE_EPOCH and DOCKER_HOST, with a private empty
// DOCKER_CONFIG, plus env (K=V) on top.
func runPyko(t *testing.T, env []string, args ...string) result {
	t.Helper()
	return runPykoIn(t, "", env, args...)
}

// runPykoIn is runPyko in the working directory dir ("" for the test's).
func runPykoIn(t *testing.T, dir string, env []string, args ...string) result {
	t.Helper()
	requirePyko(t)
	ctx, cancel := context.WithTimeout(context.Background(), pykoTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, pykoBin, args...)
	cmd.Dir = dir
	cmd.Env = append(cleanEnv(), "DOCKER_CONFIG="+t.TempDir())
	cmd.Env = append(cmd.Env, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		r.code = exit.ExitCode()
	default:
		t.Fatalf("running pyko %s: %v", strings.Join(args, " "), err)
	}
	if ctx.Err() != nil {
		t.Fatalf("pyko %s did not finish within %v; stderr:\n%s", strings.Join(args, " "), pykoTimeout, r.stderr)
	}
	return r
}

// cleanEnv is os.Environ() without the variables that change a build.
func cleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "SOURCE_DATE_EPOCH", "DOCKER_HOST", "DOCKER_CONFIG":
			continue
		}
		out = append(out, kv)
	}
	return out
}

var digestLine = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)

// buildOK runs pyko, requires exit 0 and exactly one stdout line holding a
// digest, and returns the digest.
func buildOK(t *testing.T, env []string, args ...string) string {
	t.Helper()
	r := runPyko(t, env, args...)
	if r.code != 0 {
		t.Fatalf("pyko %s: exit %d; stderr:\n%s", strings.Join(args, " "), r.code, r.stderr)
	}
	out := strings.TrimSuffix(r.stdout, "\n")
	if !digestLine.MatchString(out) {
		t.Fatalf("pyko %s: stdout %q, want exactly one line sha256:<hex>", strings.Join(args, " "), r.stdout)
	}
	return out
}

// command runs name args... and returns stdout; failures end the test with
// stderr.
func command(t *testing.T, ctx context.Context, name string, args ...string) string {
	t.Helper()
	cmd := exec.CommandContext(ctx, name, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}
