package tools

import (
	"context"
	"fmt"
	"net"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// serviceStartTimeout bounds how long Service waits for the API socket.
const serviceStartTimeout = 15 * time.Second

// Service starts `podman system service` on a unix socket in the private
// dir, waits until the socket accepts connections, and returns the value for
// DOCKER_HOST ("unix:///.../podman.sock"), so that the docker CLI and Docker
// API clients talk to this podman. It is stopped when the test ends, before
// the storage is reset.
func (p *Podman) Service(t testing.TB) string {
	t.Helper()
	sock := filepath.Join(p.dir, "podman.sock")
	if len(sock) >= 108 {
		t.Fatalf("podman socket path too long for a unix socket: %s", sock)
	}
	cmd := exec.Command("podman", "system", "service", "--time=0", "unix://"+sock)
	cmd.Env = p.env
	var logs syncBuffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting podman system service: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() { stop(cmd, exited) })
	ctx, cancel := context.WithTimeout(context.Background(), serviceStartTimeout)
	defer cancel()
	if err := waitUnix(ctx, sock, exited); err != nil {
		t.Fatalf("starting podman system service: %v; log: %s", err, logs.String())
	}
	return "unix://" + sock
}

// stop asks cmd to terminate, kills it if it has not exited after a few
// seconds, and waits for it.
func stop(cmd *exec.Cmd, exited <-chan struct{}) {
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
		_ = cmd.Process.Kill()
		<-exited
	}
}

// waitUnix waits until the unix socket sock accepts a connection.
func waitUnix(ctx context.Context, sock string, exited <-chan struct{}) error {
	for {
		c, err := net.DialTimeout("unix", sock, time.Second)
		if err == nil {
			return c.Close()
		}
		select {
		case <-exited:
			return fmt.Errorf("service exited before listening on %s", sock)
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s: %w", sock, context.Cause(ctx))
		case <-time.After(50 * time.Millisecond):
		}
	}
}
