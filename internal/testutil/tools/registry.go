package tools

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// registryStartTimeout bounds how long Registry waits for /v2/ to answer.
const registryStartTimeout = 10 * time.Second

// Registry starts Debian's distribution registry (`docker-registry serve`)
// on a free loopback port with its storage in a test temp dir, waits until
// http://HOST/v2/ answers 200, and returns HOST ("127.0.0.1:PORT"). It is
// stopped when the test ends.
func Registry(t testing.TB) string {
	t.Helper()
	Require(t, "docker-registry")
	dir := t.TempDir()
	host, err := FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	cfg := fmt.Sprintf(`version: 0.1
log: {level: warn}
storage:
  filesystem: {rootdirectory: %s}
  delete: {enabled: true}
http:
  addr: %s
`, filepath.Join(dir, "reg"), host)
	yml := filepath.Join(dir, "registry.yml")
	if err := os.WriteFile(yml, []byte(cfg), 0o644); err != nil {
		t.Fatalf("writing registry config: %v", err)
	}
	cmd := exec.Command("docker-registry", "serve", yml)
	var logs syncBuffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting docker-registry: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	ctx, cancel := context.WithTimeout(context.Background(), registryStartTimeout)
	defer cancel()
	if err := waitHTTP(ctx, "http://"+host+"/v2/", exited); err != nil {
		t.Fatalf("starting registry on %s: %v; log: %s", host, err, logs.String())
	}
	return host
}

// FreeAddr returns a loopback address "127.0.0.1:PORT" whose port was free a
// moment ago (it listens on port 0, then closes).
func FreeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("finding a free port: %w", err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		return "", fmt.Errorf("closing probe listener: %w", err)
	}
	return addr, nil
}

// waitHTTP polls url until it answers 200, exited is closed (the server
// died), or ctx is done.
func waitHTTP(ctx context.Context, url string, exited <-chan struct{}) error {
	client := &http.Client{Timeout: time.Second}
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return fmt.Errorf("polling %s: %w", url, err)
		}
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-exited:
			return fmt.Errorf("server exited before answering %s", url)
		case <-ctx.Done():
			return fmt.Errorf("polling %s: %w", url, context.Cause(ctx))
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// syncBuffer is a bytes.Buffer safe for a process's writes and the test's
// reads at the same time.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
