package e2e

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/pyko-dev/pyko/internal/testutil/ocibase"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

var (
	// pykoBin is the binary built by TestMain; buildErr says why not.
	pykoBin  string
	buildErr error
	// moduleRoot is the directory holding go.mod.
	moduleRoot string
)

// TestMain builds ./cmd/pyko once for every test. A failed build does not
// stop the run: each test that needs the binary reports it.
func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "pyko-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "creating binary dir:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	moduleRoot, err = findModuleRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	pykoBin = filepath.Join(dir, "pyko")
	buildErr = buildPyko(pykoBin)
	return m.Run()
}

// buildPyko runs `go build -o out ./cmd/pyko` in the module root.
func buildPyko(out string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, "./cmd/pyko")
	cmd.Dir = moduleRoot
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./cmd/pyko: %w\n%s", err, b)
	}
	return nil
}

// findModuleRoot walks up from the working directory to go.mod.
func findModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("finding module root: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("finding module root: no go.mod above the working directory")
		}
		dir = parent
	}
}

// requirePyko fails the test when the binary could not be built.
func requirePyko(t *testing.T) {
	t.Helper()
	if buildErr != nil {
		t.Fatal(buildErr)
	}
}

var (
	baseOnce   sync.Once
	baseLayout string
	baseErr    error
)

// baseRef returns "oci:DIR:base" for the cached Debian CPython base image,
// building it on first use (about 10 s cold).
func baseRef(t *testing.T) string {
	t.Helper()
	tools.Require(t, "apt-get", "dpkg-deb")
	baseOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		baseLayout, baseErr = ocibase.Debian(ctx, "", "amd64")
	})
	if baseErr != nil {
		t.Fatalf("building the Debian base image: %v", baseErr)
	}
	return "oci:" + baseLayout + ":" + ocibase.Tag
}

// helloDir is the example project the tests build.
func helloDir() string { return filepath.Join(moduleRoot, "examples", "hello") }
