package e2e

import (
	"bytes"
	"context"
	"debug/elf"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// TestWolfiMultiArch builds amd64 and arm64 from one repository holding
// both mirrors, without emulation: one index, two images, each with the
// packages and ELF binaries of its architecture. When qemu-aarch64 is
// registered with binfmt_misc, podman also runs the arm64 image.
func TestWolfiMultiArch(t *testing.T) {
	t.Parallel()
	tools.Require(t, "skopeo")
	requirePyko(t)
	repo := wolfiClone(t, "amd64", "arm64")
	out := filepath.Join(t.TempDir(), "oci")
	digest := buildOK(t, wolfiCache(t), wolfiBuildArgs(helloDir(), repo, wolfiKeyFile(repo),
		"--platform", "linux/amd64,linux/arm64", "-o", "oci:"+out+":hello")...)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var idx v1.IndexManifest
	raw := command(t, ctx, "skopeo", "inspect", "--raw", "oci:"+out+":hello")
	if err := json.Unmarshal([]byte(raw), &idx); err != nil {
		t.Fatalf("decoding skopeo inspect --raw: %v\n%s", err, raw)
	}
	if !idx.MediaType.IsIndex() || len(idx.Manifests) != 2 {
		t.Fatalf("oci:%s:hello is a %s with %d manifests, want an index of 2", out, idx.MediaType, len(idx.Manifests))
	}
	got, imgs := ociImages(t, out, "hello")
	if got != digest {
		t.Errorf("the layout's index is %s, pyko printed %s", got, digest)
	}

	for _, tt := range []struct {
		platform, apkArch string
		machine           elf.Machine
	}{
		{"linux/amd64", "x86_64", elf.EM_X86_64},
		{"linux/arm64", "aarch64", elf.EM_AARCH64},
	} {
		t.Run(tt.platform, func(t *testing.T) {
			img := imgs[tt.platform]
			if img == nil {
				t.Fatalf("the index has no %s image; it has %v", tt.platform, keys(imgs))
			}
			cfg, err := img.ConfigFile()
			if err != nil {
				t.Fatal(err)
			}
			if cfg.OS+"/"+cfg.Architecture != tt.platform {
				t.Errorf("the config says %s/%s, the index %s", cfg.OS, cfg.Architecture, tt.platform)
			}
			tree := readTree(t, img)
			f, err := elf.NewFile(bytes.NewReader(readFile(t, img, tree, "/usr/bin/python3.11")))
			if err != nil {
				t.Fatalf("/usr/bin/python3.11: %v", err)
			}
			if f.Machine != tt.machine {
				t.Errorf("/usr/bin/python3.11 is built for %v, want %v", f.Machine, tt.machine)
			}
			for _, p := range f.Progs {
				if p.Type != elf.PT_INTERP {
					continue
				}
				b := make([]byte, p.Filesz)
				if _, err := p.ReadAt(b, 0); err != nil {
					t.Fatal(err)
				}
				interp := strings.TrimRight(string(b), "\x00")
				if _, e := tree.resolve(interp, true); e == nil {
					t.Errorf("the ELF interpreter of /usr/bin/python3.11, %s, is not in the image", interp)
				}
			}
			db := installedOf(t, img, tree)
			for _, p := range db.pkgs {
				if p.Arch != tt.apkArch && p.Arch != "noarch" {
					t.Errorf("the %s image has %s for %s", tt.platform, p.ID(), p.Arch)
				}
			}
			checkClosure(t, db, wolfiWorld)
		})
	}

	t.Run("podman runs arm64 under qemu", func(t *testing.T) {
		if !binfmtEnabled("qemu-aarch64") {
			t.Log("qemu-aarch64 is not registered with binfmt_misc: not running the arm64 image (optional)")
			return
		}
		p := tools.NewPodman(t)
		name := "localhost/wolfi-hello-arm64:1"
		cmd := exec.CommandContext(ctx, "skopeo", "copy", "--quiet", "--override-arch", "arm64", "oci:"+out+":hello", "containers-storage:"+name)
		cmd.Env = p.Env()
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("skopeo copy of the arm64 image: %v\n%s", err, b)
		}
		got, err := p.Podman(ctx, "run", "--rm", "--network=none", "--arch", "arm64", "--entrypoint", "/usr/bin/python3.11", name,
			"-c", "import platform; print(platform.machine())")
		if err != nil {
			t.Fatal(err)
		}
		if strings.TrimSpace(got) != "aarch64" {
			t.Errorf("platform.machine() = %q in the arm64 image, want aarch64", strings.TrimSpace(got))
		}
	})
}

// binfmtEnabled reports whether the binfmt_misc handler name is
// registered and enabled.
func binfmtEnabled(name string) bool {
	b, err := os.ReadFile(filepath.Join("/proc/sys/fs/binfmt_misc", name))
	return err == nil && strings.HasPrefix(string(b), "enabled")
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
