package scratch

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestPrune: directories of killed runs are removed; a live run's, a
// young one, one without a lock file and other programs' are kept.
func TestPrune(t *testing.T) {
	parent := t.TempDir()
	old := time.Now().Add(-2 * time.Hour)
	age := func(p string) string { os.Chtimes(p, old, old); return p }
	// killed leaves its directory and lock file, as SIGKILL does: the lock
	// is dropped with the process's files, the directory stays.
	killed := func(prefix string) string {
		d, err := Make(parent, prefix)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(d.Path, "spool"), []byte("x"), 0o644)
		d.lock.Close()
		return d.Path
	}
	live, err := Make(parent, "pyko-build-")
	if err != nil {
		t.Fatal(err)
	}
	defer live.Remove()
	noLock := filepath.Join(parent, "pyko-build-nolock")
	os.Mkdir(noLock, 0o755)
	other := filepath.Join(parent, "other-dir")
	os.Mkdir(other, 0o755)
	cases := map[string]bool{ // path: removed
		age(killed("pyko-build-")): true,
		age(killed("pyko-plan-")):  true,
		killed("pyko-build-"):      false, // young
		age(live.Path):             false,
		age(noLock):                false,
		age(other):                 false,
	}
	var logs bytes.Buffer
	Prune(slog.New(slog.NewTextHandler(&logs, nil)), parent, time.Hour, "pyko-build-", "pyko-plan-")
	for p, removed := range cases {
		if _, err := os.Stat(p); os.IsNotExist(err) != removed {
			t.Errorf("%s: removed %v, want %v", p, os.IsNotExist(err), removed)
		}
	}
	if n := bytes.Count(logs.Bytes(), []byte("left by a killed run")); n != 2 {
		t.Errorf("%d removals logged, want 2:\n%s", n, logs.String())
	}
}
