package tools

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Podman is a podman with private storage and configuration, for one test.
// Its commands run with CONTAINERS_STORAGE_CONF and CONTAINERS_CONF pointing
// at files in its own temp dir; the test process's environment is untouched.
type Podman struct {
	dir string   // short temp dir holding config, storage and sockets
	env []string // os.Environ() plus the two config variables
}

// storageConf and containersConf follow what works on these machines: the
// vfs driver (no bind mounts left behind), runc (crun fails on cgroups v1
// hybrid), rlimits root may set, events in a file (no journald), file locks
// and network configs in the private dir so parallel instances share nothing.
const (
	storageConf = `[storage]
driver = "vfs"
graphroot = "%[1]s/storage"
runroot = "%[1]s/run"
`
	containersConf = `[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "%[1]s/events.log"
tmp_dir = "%[1]s/libpod-tmp"
lock_type = "file"

[network]
network_config_dir = "%[1]s/networks"
`
)

// NewPodman returns a Podman whose storage and configuration live in a fresh
// short temp dir (unix socket paths must stay under 108 bytes). When the
// test ends, its service is stopped, `podman system reset -f` runs with the
// same environment and the dir is removed.
func NewPodman(t testing.TB) *Podman {
	t.Helper()
	Require(t, "podman", "runc", "skopeo")
	RequireRoot(t)
	dir, err := os.MkdirTemp("", "pk")
	if err != nil {
		t.Fatalf("creating podman dir: %v", err)
	}
	p := &Podman{dir: dir}
	files := map[string]string{
		"storage.conf":    fmt.Sprintf(storageConf, dir),
		"containers.conf": fmt.Sprintf(containersConf, dir),
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatalf("writing podman %s: %v", name, err)
		}
	}
	p.env = append(os.Environ(),
		"CONTAINERS_STORAGE_CONF="+filepath.Join(dir, "storage.conf"),
		"CONTAINERS_CONF="+filepath.Join(dir, "containers.conf"),
	)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if _, err := p.output(ctx, "podman", "system", "reset", "-f"); err != nil {
			t.Errorf("resetting podman storage: %v", err)
		}
		if err := os.RemoveAll(dir); err != nil {
			t.Errorf("removing podman dir: %v", err)
		}
	})
	return p
}

// Env returns the environment podman's commands run with. Use it for other
// tools that must see the same storage (skopeo containers-storage:).
func (p *Podman) Env() []string { return p.env }

// Dir returns the private dir (config, storage, sockets).
func (p *Podman) Dir() string { return p.dir }

// Podman runs `podman args...` and returns its stdout.
func (p *Podman) Podman(ctx context.Context, args ...string) (string, error) {
	return p.output(ctx, "podman", args...)
}

// Run runs image with `podman run --rm --network=none image args...` and
// returns its stdout; the error holds stderr.
func (p *Podman) Run(ctx context.Context, image string, args ...string) (string, error) {
	return p.output(ctx, "podman", append([]string{"run", "--rm", "--network=none", image}, args...)...)
}

// LoadOCI copies the image tagged tag in the OCI layout layoutDir into the
// private storage as name, with `skopeo copy oci:DIR:TAG containers-storage:NAME`.
func (p *Podman) LoadOCI(ctx context.Context, layoutDir, tag, name string) error {
	_, err := p.output(ctx, "skopeo", "copy", "--quiet", "oci:"+layoutDir+":"+tag, "containers-storage:"+name)
	return err
}

// Load loads an image archive with `podman load -i` and returns podman's
// output (it names the loaded image).
func (p *Podman) Load(ctx context.Context, archive string) (string, error) {
	return p.output(ctx, "podman", "load", "-i", archive)
}

// output runs name args... with the private environment and returns stdout.
func (p *Podman) output(ctx context.Context, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = p.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), nil
}
