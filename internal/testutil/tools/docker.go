package tools

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Docker is the docker CLI pointed at a Docker API socket (see
// [Podman.Service]) with a private, empty DOCKER_CONFIG.
type Docker struct {
	env []string
}

// NewDocker returns a docker CLI for dockerHost ("unix:///path.sock").
func NewDocker(t testing.TB, dockerHost string) *Docker {
	t.Helper()
	Require(t, "docker")
	return &Docker{env: append(os.Environ(), "DOCKER_HOST="+dockerHost, "DOCKER_CONFIG="+t.TempDir())}
}

// Run runs `docker args...` and returns its stdout; the error holds stderr.
func (d *Docker) Run(ctx context.Context, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "docker", args...)
	cmd.Env = d.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("docker %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), nil
}
