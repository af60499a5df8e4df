package e2e

import (
	"archive/tar"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// TestWolfiShell builds with --shell: busybox is installed with its applet
// links, as Wolfi's busybox trigger would make them, and a Python app can
// use the shell.
func TestWolfiShell(t *testing.T) {
	t.Parallel()
	requirePyko(t)
	repo := wolfiClone(t)
	out := filepath.Join(t.TempDir(), "oci")
	buildOK(t, wolfiCache(t), wolfiBuildArgs(helloDir(), repo, wolfiKeyFile(repo), "--shell", "-o", "oci:"+out+":hello")...)
	img := ociImage(t, out, "hello")
	tree := readTree(t, img)

	db := installedOf(t, img, tree)
	if db.version("busybox") == "" {
		t.Errorf("--shell: the installed db lacks busybox; it lists %v", db.names())
	}
	checkClosure(t, db, append([]string{"busybox"}, wolfiWorld...))
	bbPath, bb := tree.resolve("/bin/busybox", true)
	if bb == nil || bb.hdr.Typeflag != tar.TypeReg || bb.hdr.Mode&0o111 == 0 {
		t.Fatalf("--shell: /bin/busybox is not an executable file (%+v)", bb)
	}
	// Every applet busybox lists for itself is a link to it.
	list := strings.Fields(string(readFile(t, img, tree, "/etc/busybox-paths.d/busybox")))
	if len(list) < 50 {
		t.Errorf("/etc/busybox-paths.d/busybox lists %d applets, want the usual hundreds", len(list))
	}
	for _, applet := range append(list, "/bin/sh") {
		canon, e := tree.resolve(applet, true)
		if e == nil || canon != bbPath {
			t.Errorf("applet %s leads to /%s, want busybox at /%s", applet, canon, bbPath)
		}
	}

	p := tools.NewPodman(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	name := "localhost/wolfi-shell:1"
	if err := p.LoadOCI(ctx, out, "hello", name); err != nil {
		t.Fatal(err)
	}
	got, err := p.Podman(ctx, "run", "--rm", "--network=none", "--entrypoint", "/usr/bin/python3.11", name,
		"-c", `import os, subprocess; print("status", os.system("echo ok")); print(subprocess.run("echo $((6*7))", shell=True, capture_output=True, text=True).stdout.strip())`)
	if err != nil {
		t.Fatalf("running a shell command from Python: %v", err)
	}
	if want := "ok\nstatus 0\n42\n"; got != want {
		t.Errorf("os.system and subprocess with a shell printed %q, want %q", got, want)
	}
}
