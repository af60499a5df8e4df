package publish

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/imageref"
)

func TestDaemonUnreachable(t *testing.T) {
	host := "unix://" + filepath.Join(t.TempDir(), "missing.sock")
	p, err := New(imageref.Ref{Kind: Daemon}, mustTags(t, "app:1"), quietOptions(WithDockerHost(host))...)
	if err != nil {
		t.Fatal(err)
	}
	err = p.Publish(context.Background(), randomImage(t))
	want := "loading into the Docker daemon at " + host + ": cannot connect: "
	if err == nil || !strings.HasPrefix(err.Error(), want) ||
		!strings.HasSuffix(err.Error(), "; start Docker or podman system service, or set DOCKER_HOST") {
		t.Fatalf("error = %v\nwant prefix %q", err, want)
	}
	t.Log(err)
}

// startPodman serves the Docker API from podman on a private socket and
// storage, and returns the DOCKER_HOST value and the podman environment.
func startPodman(t *testing.T) (string, []string) {
	t.Helper()
	podman := requireTool(t, "podman")
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	storage := write("storage.conf", "[storage]\ndriver = \"vfs\"\ngraphroot = \""+dir+"/storage\"\nrunroot = \""+dir+"/run\"\n")
	conf := write("containers.conf", "[engine]\nruntime = \"runc\"\nevents_logger = \"file\"\n"+
		"events_logfile_path = \""+dir+"/events.log\"\ntmp_dir = \""+dir+"/libpod-tmp\"\n"+
		"[containers]\ndefault_ulimits = [\"nofile=1024:1024\", \"nproc=1024:1024\"]\n")
	env := []string{"CONTAINERS_STORAGE_CONF=" + storage, "CONTAINERS_CONF=" + conf}
	sock := filepath.Join(dir, "podman.sock")

	logf, err := os.Create(filepath.Join(dir, "service.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(podman, "system", "service", "--time=0", "unix://"+sock)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		logf.Close()
		reset := exec.Command(podman, "system", "reset", "-f")
		reset.Env = append(os.Environ(), env...)
		if out, err := reset.CombinedOutput(); err != nil {
			t.Errorf("podman system reset: %v\n%s", err, out)
		}
	})
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if c, err := net.Dial("unix", sock); err == nil {
			c.Close()
			return "unix://" + sock, env
		}
	}
	b, _ := os.ReadFile(filepath.Join(dir, "service.log"))
	t.Fatalf("podman system service did not start:\n%s", b)
	return "", nil
}

// TestDaemonPodman loads images into podman through its Docker API and
// checks them with the docker CLI; it also loads an oci-archive with podman.
func TestDaemonPodman(t *testing.T) {
	docker := requireTool(t, "docker")
	podman := requireTool(t, "podman")
	host, env := startPodman(t)
	dockerEnv := []string{"DOCKER_HOST=" + host}

	inspect := func(t *testing.T, ref string) (id, arch string) {
		t.Helper()
		var got []struct{ ID, Architecture string }
		out := run(t, dockerEnv, docker, "image", "inspect", ref)
		if err := json.Unmarshal([]byte(out), &got); err != nil || len(got) != 1 {
			t.Fatalf("docker image inspect %s: %v\n%s", ref, err, out)
		}
		return got[0].ID, got[0].Architecture
	}

	t.Run("image", func(t *testing.T) {
		img := tinyImage(t, "amd64")
		p, err := New(imageref.Ref{Kind: Daemon}, mustTags(t, "example.com/app:1", "app:2"), quietOptions(WithDockerHost(host))...)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Publish(context.Background(), img); err != nil {
			t.Fatal(err)
		}
		want := configName(t, img).String()
		// A short name means Docker Hub, as with the Docker Engine.
		for _, ref := range []string{"example.com/app:1", "app:2", "docker.io/library/app:2"} {
			if id, arch := inspect(t, ref); !strings.HasSuffix(want, strings.TrimPrefix(id, "sha256:")) || arch != "amd64" {
				t.Errorf("%s: ID %s arch %s, want %s amd64", ref, id, arch, want)
			}
		}
		// Loading the same image again succeeds.
		if err := p.Publish(context.Background(), img); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("index", func(t *testing.T) {
		idx := platformIndex(t)
		arm64 := v1.Platform{OS: "linux", Architecture: "arm64"}
		p, err := New(imageref.Ref{Kind: Daemon}, mustTags(t, "example.com/multi:1"),
			quietOptions(WithDockerHost(host), WithPlatform(arm64))...)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Publish(context.Background(), idx); err != nil {
			t.Fatal(err)
		}
		if _, arch := inspect(t, "example.com/multi:1"); arch != "arm64" {
			t.Errorf("loaded %s image, want arm64", arch)
		}
	})

	t.Run("broken image", func(t *testing.T) {
		p, err := New(imageref.Ref{Kind: Daemon}, mustTags(t, "example.com/broken:1"), quietOptions(WithDockerHost(host))...)
		if err != nil {
			t.Fatal(err)
		}
		err = p.Publish(context.Background(), brokenImage(t))
		if err == nil || !strings.Contains(err.Error(), errBrokenLayer.Error()) {
			t.Fatalf("error = %v, want %v", err, errBrokenLayer)
		}
		t.Log(err)
	})

	t.Run("podman load oci-archive", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "app.tar")
		if err := publishOCIArchive(t, file, []string{"example.com/fromoci:1"}, tinyImage(t, "amd64")); err != nil {
			t.Fatal(err)
		}
		run(t, env, podman, "load", "-i", file)
		out := run(t, env, podman, "image", "inspect", "--format", "{{.RepoTags}}", "example.com/fromoci:1")
		if !strings.Contains(out, "example.com/fromoci:1") {
			t.Errorf("podman image inspect = %s", out)
		}
	})
}
