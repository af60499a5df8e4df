package e2e

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// nobody is the ordinary user the test runs pyko as.
const nobody = 65534

// openToAll makes dir readable by everyone, and the directories above it
// up to the file system's temporary directory searchable.
func openToAll(t *testing.T, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.Type()&fs.ModeSymlink != 0 {
			return err
		}
		mode := fs.FileMode(0o644)
		if d.IsDir() {
			mode = 0o755
		} else if fi, err := d.Info(); err == nil && fi.Mode().Perm()&0o100 != 0 {
			mode = 0o755
		}
		return os.Chmod(p, mode)
	})
	if err != nil {
		t.Fatal(err)
	}
	for p := filepath.Dir(dir); len(p) > len(os.TempDir()); p = filepath.Dir(p) {
		if err := os.Chmod(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

// ownedByNobody is a new directory nobody owns.
func ownedByNobody(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "nobody")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	openToAll(t, dir)
	if err := os.Chown(dir, nobody, nobody); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestPyBuildAsOrdinaryUser builds a C-extension sdist with pyko run as
// uid 65534: the sandbox needs no privilege, and the image is the one
// root builds, byte for byte.
func TestPyBuildAsOrdinaryUser(t *testing.T) {
	t.Parallel()
	tools.RequireRoot(t)
	requirePyko(t)
	idx, reqs := sdistWorld(t, zextSdist)
	repo := wolfiClone(t)
	proj := sdistProject(t, reqs, "import zext\nprint(zext.zlib_version())\n")
	for _, d := range []string{repo, proj} {
		openToAll(t, d)
	}
	bin := filepath.Join(ownedByNobody(t), "pyko")
	data, err := os.ReadFile(pykoBin)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	args := func(out string) []string {
		return wolfiBuildArgs(proj, repo, wolfiKeyFile(repo), "--index-url", idx.IndexURL(), "-o", "oci:"+out+":app")
	}
	asRoot := buildOK(t, wolfiCache(t), args(filepath.Join(t.TempDir(), "root"))...)

	home := ownedByNobody(t)
	ctx, cancel := context.WithTimeout(context.Background(), pykoTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args(filepath.Join(home, "out"))...)
	cmd.Env = append(cleanEnv(), "HOME="+home, "TMPDIR="+home, "PYKO_CACHE="+filepath.Join(home, "cache"), "DOCKER_CONFIG="+home)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("pyko as uid %d: %v\n%s", nobody, err, stderr.String())
	}
	if !strings.Contains(stderr.String(), `msg="built from source" package="zext==1.0"`) {
		t.Errorf("zext was not built:\n%s", stderr.String())
	}
	if got := strings.TrimSpace(stdout.String()); got != asRoot {
		t.Errorf("uid %d built %s, root built %s", nobody, got, asRoot)
	}
}
