package executor

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/plan"
)

// TestAppFileChecked: a file whose bytes are not the plan's never reaches
// a layer, even when its size is unchanged.
func TestAppFileChecked(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "main.py"), []byte("print('HI')\n"), 0o644)
	f := plan.AppFile{Path: "main.py", Type: "file", Mode: "0644", Size: 12,
		SHA256: "caf026f25d7140209f98072605307a438914b9ce6f3c14b23d15d9667241de52"} // of "print('hi')\n"
	x := &execution{o: Options{ProjectDir: dir, TempDir: t.TempDir()}, p: &plan.Plan{App: plan.App{Dir: "/app", Files: []plan.AppFile{f}}}}
	es, err := x.appEntries()
	if err != nil {
		t.Fatal(err)
	}
	_, err = layer.New(context.Background(), es, layer.WithTempDir(t.TempDir()))
	var changed *ChangedError
	if !errors.As(err, &changed) {
		t.Fatalf("err = %v, want a ChangedError", err)
	}
	os.WriteFile(filepath.Join(dir, "main.py"), []byte("print('hi')\n"), 0o644)
	if _, err = layer.New(context.Background(), es, layer.WithTempDir(t.TempDir())); err != nil {
		t.Fatalf("the planned bytes: %v", err)
	}
}

func TestInterpreterStdlib(t *testing.T) {
	for _, tt := range []struct{ interp, stdlib, want string }{
		{"/usr/bin/python3.11", "", "/usr/lib/python3.11"},
		{"/usr/local/bin/python3.12", "", "/usr/local/lib/python3.12"},
		{"/usr/bin/python3.11", "/usr/lib/python3.11", "/usr/lib/python3.11"},
		{"/opt/py/python3.12", "", ""},
		{"/usr/bin/python", "", ""},
	} {
		if got := interpreterStdlib(&plan.Bytecode{Interpreter: tt.interp, Stdlib: tt.stdlib}); got != tt.want {
			t.Errorf("interpreterStdlib(%s, %q) = %q, want %q", tt.interp, tt.stdlib, got, tt.want)
		}
	}
}
