package debwheels

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// TestWheelsPipResolve asks pip (as a judge, when the host has it) to
// resolve the apps' requirements from the wheel dir alone, and to accept
// the hash-pinned requirements file.
func TestWheelsPipResolve(t *testing.T) {
	dir := wheelDir(t)
	py := python(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := exec.CommandContext(ctx, py, "-m", "pip", "--version").Run(); err != nil {
		tools.Unavailable(t, "needs pip for python3.11 (Debian's python3-pip)")
	}
	env := append(os.Environ(), "PIP_DISABLE_PIP_VERSION_CHECK=1", "PIP_NO_INPUT=1", "PIP_CONFIG_FILE=/dev/null")
	pip := []string{"-m", "pip", "install", "--dry-run", "--ignore-installed", "--no-index", "--find-links", dir, "--quiet", "--report", "-"}

	out := run(t, ctx, env, py, append(pip, "flask", "requests", "gunicorn")...)
	got := reportNames(t, out)
	var want []string
	for _, d := range dists {
		if d.name != "blinker" && d.name != "wheel" { // optional for Flask 2.2; a build requirement only
			want = append(want, pep503.Normalize(d.name))
		}
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("pip would install %q, want %q", got, want)
	}

	reqs, err := Requirements(dir)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "requirements.txt")
	if err := os.WriteFile(file, []byte(reqs), 0o644); err != nil {
		t.Fatal(err)
	}
	out = run(t, ctx, env, py, append(pip, "--require-hashes", "-r", file)...)
	got = reportNames(t, out)
	want = nil
	for _, n := range flaskSet {
		want = append(want, pep503.Normalize(n))
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("pip would install %q from\n%s\nwant %q", got, reqs, want)
	}
}

// reportNames returns the sorted, normalised names of the projects in a pip
// installation report.
func reportNames(t *testing.T, report string) []string {
	t.Helper()
	var r struct {
		Install []struct {
			Metadata struct{ Name string } `json:"metadata"`
		} `json:"install"`
	}
	if err := json.Unmarshal([]byte(report), &r); err != nil {
		t.Fatalf("reading pip's report: %v\n%s", err, report)
	}
	var names []string
	for _, i := range r.Install {
		names = append(names, pep503.Normalize(i.Metadata.Name))
	}
	slices.Sort(names)
	return names
}
