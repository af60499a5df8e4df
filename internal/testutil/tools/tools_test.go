package tools

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRegistryServesV2(t *testing.T) {
	t.Parallel()
	host := Registry(t)
	if !strings.HasPrefix(host, "127.0.0.1:") {
		t.Fatalf("Registry() = %q, want a loopback address", host)
	}
	resp, err := http.Get("http://" + host + "/v2/_catalog")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var cat struct{ Repositories []string }
	if err := json.NewDecoder(resp.Body).Decode(&cat); err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET /v2/_catalog: status %d, decode error %v", resp.StatusCode, err)
	}
	if len(cat.Repositories) != 0 {
		t.Errorf("new registry has repositories %v", cat.Repositories)
	}
}

func TestRegistriesAreSeparate(t *testing.T) {
	t.Parallel()
	a, b := Registry(t), Registry(t)
	if a == b {
		t.Fatalf("two registries share %s", a)
	}
}

func TestPodmanUsesPrivateConfig(t *testing.T) {
	t.Parallel()
	p := NewPodman(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := p.Podman(ctx, "info", "--format", "{{.Store.GraphRoot}} {{.Store.GraphDriverName}} {{.Host.OCIRuntime.Name}}")
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(p.Dir(), "storage") + " vfs runc"
	if got := strings.TrimSpace(out); got != want {
		t.Errorf("podman info = %q, want %q", got, want)
	}
	if os.Getenv("CONTAINERS_STORAGE_CONF") == filepath.Join(p.Dir(), "storage.conf") {
		t.Error("NewPodman changed the test process's environment")
	}
}

func TestPodmanServiceSpeaksDockerAPI(t *testing.T) {
	t.Parallel()
	p := NewPodman(t)
	host := p.Service(t)
	if len(strings.TrimPrefix(host, "unix://")) >= 108 {
		t.Fatalf("socket path too long: %s", host)
	}
	d := NewDocker(t, host)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := d.Run(ctx, "version", "--format", "{{.Server.Version}}")
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(out) == "" {
		t.Error("docker version printed no server version")
	}
	images, err := d.Run(ctx, "images", "-q")
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(images) != "" {
		t.Errorf("private podman has images: %q", images)
	}
}

func TestFreeAddr(t *testing.T) {
	a, err := FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(a, "127.0.0.1:") || strings.HasSuffix(a, ":0") {
		t.Errorf("FreeAddr() = %q", a)
	}
}
