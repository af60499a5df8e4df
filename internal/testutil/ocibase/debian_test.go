package ocibase

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pyko-dev/pyko/internal/testutil/debroot"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// debian returns the cached Debian Python base layout.
func debian(t *testing.T) string {
	t.Helper()
	tools.Require(t, "apt-get", "dpkg-deb")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	start := time.Now()
	dir, err := Debian(ctx, "", "amd64")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Debian base layout took %v", time.Since(start))
	return dir
}

// TestDebianBaseIsAcceptedBySkopeo checks the layout with a real client.
func TestDebianBaseIsAcceptedBySkopeo(t *testing.T) {
	t.Parallel()
	dir := debian(t)
	tools.Require(t, "skopeo")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "skopeo", "inspect", "oci:"+dir+":"+Tag).Output()
	if err != nil {
		t.Fatalf("skopeo inspect: %v", err)
	}
	var got struct {
		Architecture, Os string
		Layers           []string
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if got.Architecture != "amd64" || got.Os != "linux" || len(got.Layers) != 1 {
		t.Errorf("skopeo inspect = %+v, want linux/amd64 with one layer", got)
	}
}

// TestDebianBaseRunsPythonInPodman runs the base's interpreter in a real
// container runtime.
func TestDebianBaseRunsPythonInPodman(t *testing.T) {
	t.Parallel()
	dir := debian(t)
	p := tools.NewPodman(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := p.LoadOCI(ctx, dir, Tag, "localhost/pyko-test-base:1"); err != nil {
		t.Fatal(err)
	}
	script := "import ssl, sqlite3, zlib, ctypes, json, os; print('ok', os.getuid(), ssl.create_default_context().cert_store_stats()['x509_ca'] > 100)"
	out, err := p.Run(ctx, "localhost/pyko-test-base:1", debroot.Interpreter, "-c", script)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(out); got != "ok 0 True" {
		t.Errorf("python in podman printed %q, want %q", got, "ok 0 True")
	}
}

// TestDebianBaseUnpacksWithUmoci checks the layer with umoci, including the
// /tmp mode.
func TestDebianBaseUnpacksWithUmoci(t *testing.T) {
	t.Parallel()
	dir := debian(t)
	tools.Require(t, "umoci")
	tools.RequireRoot(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	bundle := filepath.Join(t.TempDir(), "bundle")
	if out, err := exec.CommandContext(ctx, "umoci", "unpack", "--image", dir+":"+Tag, bundle).CombinedOutput(); err != nil {
		t.Fatalf("umoci unpack: %v\n%s", err, out)
	}
	for _, p := range []string{debroot.Interpreter, "/etc/ssl/certs/ca-certificates.crt", "/lib64/ld-linux-x86-64.so.2"} {
		if _, err := os.Lstat(filepath.Join(bundle, "rootfs", p)); err != nil {
			t.Errorf("%s missing after unpack: %v", p, err)
		}
	}
	fi, err := os.Stat(filepath.Join(bundle, "rootfs", "tmp"))
	if err != nil || fi.Mode()&os.ModeSticky == 0 || fi.Mode().Perm() != 0o777 {
		t.Errorf("/tmp after unpack: %v %v, want drwxrwxrwt", fi.Mode(), err)
	}
}
