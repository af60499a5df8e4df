package build

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/pyko-dev/pyko/internal/plan"
)

// TestPlanIsByteStable: planning the same project again gives the same
// JSON and text, byte for byte — a project with several console scripts,
// entry points from a dependency, env and labels, two platforms' worth of
// maps — and the index pages are read once per plan, not once per
// platform.
func TestPlanIsByteStable(t *testing.T) {
	proj, idx := pyProject(t)
	pyproject := `[project]
name = "stable"
version = "1.0"
requires-python = ">=3.12"
[project.scripts]
zeta = "stable:main"
alpha = "stable:main"
mid = "stable:main"
beta = "stable:main"
[build-system]
requires = ["flit_core>=3.2"]
build-backend = "flit_core.buildapi"
`
	if err := os.WriteFile(filepath.Join(proj, "pyproject.toml"), []byte(pyproject), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(proj, "stable.py"), []byte("def main(): pass\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	o, _ := servedOptions(t, proj)
	o.Env = []string{"Z=1", "A=2", "M=3"}
	o.Labels = []string{"z=1", "a=2", "m=3"}
	var first, firstText []byte
	for i := range 15 {
		p, err := Plan(context.Background(), quiet(), o)
		if err != nil {
			t.Fatal(err)
		}
		b, err := plan.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var text bytes.Buffer
		if err := plan.WriteText(&text, p); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first, firstText = b, text.Bytes()
			continue
		}
		if !bytes.Equal(b, first) {
			t.Fatalf("plan %d's JSON differs from the first:\n%s\n---\n%s", i, b, first)
		}
		if !bytes.Equal(text.Bytes(), firstText) {
			t.Fatalf("plan %d's text differs from the first:\n%s\n---\n%s", i, text.Bytes(), firstText)
		}
	}
	_ = idx
}
