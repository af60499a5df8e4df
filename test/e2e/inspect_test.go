package e2e

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// skopeoInspect runs `skopeo inspect [flags] ref` and decodes the result.
func skopeoInspect(t *testing.T, ref string, flags ...string) skopeoImage {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out := command(t, ctx, "skopeo", append(append([]string{"inspect"}, flags...), ref)...)
	var img skopeoImage
	if err := json.Unmarshal([]byte(out), &img); err != nil {
		t.Fatalf("decoding skopeo inspect %s: %v\n%s", ref, err, out)
	}
	return img
}

// skopeoImage is the part of `skopeo inspect` output the tests read.
type skopeoImage struct {
	Digest       string
	Created      *time.Time
	Architecture string
	Os           string
	Layers       []string
	Env          []string
}

// skopeoConfig returns the image config as skopeo reads it.
func skopeoConfig(t *testing.T, ref string, flags ...string) v1.ConfigFile {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out := command(t, ctx, "skopeo", append(append([]string{"inspect", "--config"}, flags...), ref)...)
	var cfg v1.ConfigFile
	if err := json.Unmarshal([]byte(out), &cfg); err != nil {
		t.Fatalf("decoding skopeo inspect --config %s: %v\n%s", ref, err, out)
	}
	return cfg
}

// umociUnpack unpacks the image tag of the OCI layout dir with umoci and
// returns the rootfs path.
func umociUnpack(t *testing.T, dir, tag string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	bundle := filepath.Join(t.TempDir(), "bundle")
	cmd := exec.CommandContext(ctx, "umoci", "unpack", "--image", dir+":"+tag, bundle)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("umoci unpack --image %s:%s: %v\n%s", dir, tag, err, out)
	}
	return filepath.Join(bundle, "rootfs")
}

// envMap turns K=V pairs into a map.
func envMap(env []string) map[string]string {
	m := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		m[k] = v
	}
	return m
}

// exists reports whether path exists (without following a final symlink).
func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// checkGreeting checks the example's output as run by the default user.
func checkGreeting(t *testing.T, out string) {
	t.Helper()
	for _, want := range []string{"hello from pyko", "uid=65532 gid=65532", "python=3.11", "stdlib ok: ssl=3", "zlib+json=42"} {
		if !strings.Contains(out, want) {
			t.Errorf("container output lacks %q:\n%s", want, out)
		}
	}
}

// configDigest returns the config blob digest of the image at ref, read
// from its manifest with skopeo.
func configDigest(t *testing.T, ref string, flags ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out := command(t, ctx, "skopeo", append(append([]string{"inspect", "--raw"}, flags...), ref)...)
	var m v1.Manifest
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("decoding manifest of %s: %v\n%s", ref, err, out)
	}
	return m.Config.Digest.String()
}
