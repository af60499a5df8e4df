package build_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestBuildRemovesStaleScratch: the spool directory a SIGKILLed build left
// in TMPDIR (its lock file no longer held) is removed by the next build;
// a young one, which may be a live build's being made, is kept.
func TestBuildRemovesStaleScratch(t *testing.T) {
	w := newWorld(t, "scratch", 0o022, "", time.Time{})
	o := w.fromPackages(t, w.project(t, appFiles()...))
	stale := filepath.Join(o.TempDir, "pyko-build-123")
	young := filepath.Join(o.TempDir, "pyko-build-456")
	for _, d := range []string{stale, young} {
		if err := os.MkdirAll(filepath.Join(d, "x"), 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(d, ".lock"), nil, 0o600)
		os.WriteFile(filepath.Join(d, "x", "apk-data-1.tar.gz"), []byte("spool"), 0o644)
	}
	old := time.Now().Add(-time.Hour)
	os.Chtimes(stale, old, old)
	healBuild(t, w, o, nil)
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the stale %s is still there (%v)", stale, err)
	}
	if _, err := os.Stat(young); err != nil {
		t.Errorf("the young %s was removed: %v", young, err)
	}
}
