package e2e

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// TestBuildHello builds examples/hello once into every file output and
// lets each real client judge the result.
func TestBuildHello(t *testing.T) {
	t.Parallel()
	tools.Require(t, "skopeo", "umoci")
	base := baseRef(t)
	tmp := t.TempDir()
	out := filepath.Join(tmp, "oci")
	ociTar := filepath.Join(tmp, "hello-oci.tar")
	dockerTar := filepath.Join(tmp, "hello-docker.tar")
	digest := buildOK(t, nil, "build", helloDir(), "--base", base,
		"-o", "oci:"+out+":hello", "-o", "oci-archive:"+ociTar, "-o", "docker-archive:"+dockerTar,
		"-t", "localhost/hello:1")

	t.Run("skopeo accepts every output", func(t *testing.T) {
		t.Parallel()
		for _, ref := range []string{"oci:" + out + ":hello", "oci-archive:" + ociTar, "docker-archive:" + dockerTar} {
			img := skopeoInspect(t, ref)
			if img.Architecture != "amd64" || img.Os != "linux" || len(img.Layers) < 2 {
				t.Errorf("skopeo inspect %s: %s/%s with %d layers, want linux/amd64 with base + app layers", ref, img.Os, img.Architecture, len(img.Layers))
			}
			if strings.HasPrefix(ref, "oci") && img.Digest != digest {
				t.Errorf("skopeo inspect %s: digest %s, pyko printed %s", ref, img.Digest, digest)
			}
		}
	})

	t.Run("config", func(t *testing.T) {
		t.Parallel()
		cfg := skopeoConfig(t, "oci:"+out+":hello")
		c := cfg.Config
		if c.User != "65532:65532" {
			t.Errorf("User = %q, want 65532:65532", c.User)
		}
		if c.WorkingDir != "/app" {
			t.Errorf("WorkingDir = %q, want /app", c.WorkingDir)
		}
		if want := []string{"/usr/bin/python3.11", "/app/main.py"}; !slices.Equal(c.Entrypoint, want) {
			t.Errorf("Entrypoint = %q, want %q", c.Entrypoint, want)
		}
		env := envMap(c.Env)
		if !strings.HasPrefix(env["PATH"], "/app/venv/bin:") {
			t.Errorf("PATH = %q, want /app/venv/bin first", env["PATH"])
		}
		for k, v := range map[string]string{"LANG": "C.UTF-8", "PYTHONUNBUFFERED": "1", "SSL_CERT_FILE": "/etc/ssl/certs/ca-certificates.crt"} {
			if env[k] != v {
				t.Errorf("env %s = %q, want %q", k, env[k], v)
			}
		}
		if !cfg.Created.Time.Equal(time.Unix(0, 0)) {
			t.Errorf("Created = %v, want the Unix epoch without SOURCE_DATE_EPOCH", cfg.Created.Time)
		}
	})

	t.Run("umoci unpacks the app", func(t *testing.T) {
		t.Parallel()
		tools.RequireRoot(t)
		root := umociUnpack(t, out, "hello")
		fi, err := os.Stat(filepath.Join(root, "app/main.py"))
		if err != nil {
			t.Fatalf("/app/main.py: %v", err)
		}
		if fi.ModTime().Unix() != 0 {
			t.Errorf("/app/main.py mtime %v, want the Unix epoch", fi.ModTime())
		}
		if exists(filepath.Join(root, "app/notes")) {
			t.Error("/app/notes is in the image although .dockerignore excludes notes/")
		}
		if !exists(filepath.Join(root, "usr/bin/python3.11")) {
			t.Error("/usr/bin/python3.11 from the base is missing")
		}
		passwd, err := os.ReadFile(filepath.Join(root, "etc/passwd"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(passwd), "nonroot:x:65532:65532:") || !strings.Contains(string(passwd), ":/home/nonroot:") {
			t.Errorf("/etc/passwd lacks nonroot 65532 with home /home/nonroot:\n%s", passwd)
		}
		if !strings.Contains(string(passwd), "root:x:0:0:") {
			t.Errorf("/etc/passwd lost the base's root entry:\n%s", passwd)
		}
	})

	t.Run("podman runs the oci layout", func(t *testing.T) {
		t.Parallel()
		p := tools.NewPodman(t)
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		if err := p.LoadOCI(ctx, out, "hello", "localhost/hello:1"); err != nil {
			t.Fatal(err)
		}
		got, err := p.Run(ctx, "localhost/hello:1")
		if err != nil {
			t.Fatal(err)
		}
		checkGreeting(t, got)
	})

	t.Run("podman loads the docker-archive", func(t *testing.T) {
		t.Parallel()
		p := tools.NewPodman(t)
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		loaded, err := p.Load(ctx, dockerTar)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(loaded, "localhost/hello:1") {
			t.Errorf("podman load named the image %q, want localhost/hello:1", strings.TrimSpace(loaded))
		}
		got, err := p.Run(ctx, "localhost/hello:1")
		if err != nil {
			t.Fatal(err)
		}
		checkGreeting(t, got)
	})

	t.Run("docker loads the docker-archive through the podman socket", func(t *testing.T) {
		t.Parallel()
		p := tools.NewPodman(t)
		d := tools.NewDocker(t, p.Service(t))
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		if _, err := d.Run(ctx, "load", "-i", dockerTar); err != nil {
			t.Fatal(err)
		}
		got, err := d.Run(ctx, "run", "--rm", "--network=none", "localhost/hello:1")
		if err != nil {
			t.Fatal(err)
		}
		checkGreeting(t, got)
	})
}

// TestBuildToDaemon builds straight into a Docker API engine (podman's
// socket) with -o daemon and runs the result with the docker CLI.
func TestBuildToDaemon(t *testing.T) {
	t.Parallel()
	base := baseRef(t)
	p := tools.NewPodman(t)
	host := p.Service(t)
	d := tools.NewDocker(t, host)
	ref := "localhost/hello-daemon:1"
	out := filepath.Join(t.TempDir(), "oci")
	digest := buildOK(t, []string{"DOCKER_HOST=" + host}, "build", helloDir(), "--base", base,
		"-o", "daemon", "-o", "oci:"+out+":hello", "-t", ref)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	id, err := d.Run(ctx, "image", "inspect", "--format", "{{.Id}}", ref)
	if err != nil {
		t.Fatalf("the daemon does not have %s after pyko printed %s: %v", ref, digest, err)
	}
	// The engine's image ID is the config digest: the same image as the
	// OCI output of the same build.
	if want := configDigest(t, "oci:"+out+":hello"); strings.TrimSpace(id) != want {
		t.Errorf("daemon image ID %s, config digest of the oci output %s", strings.TrimSpace(id), want)
	}
	got, err := d.Run(ctx, "run", "--rm", "--network=none", ref)
	if err != nil {
		t.Fatal(err)
	}
	checkGreeting(t, got)
}
