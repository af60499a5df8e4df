package apkrepo

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk"
)

func TestNextRevision(t *testing.T) {
	for in, want := range map[string]string{"1.2-r0": "1.2-r1", "3.11.2-r9": "3.11.2-r10", "1.0": "1.0-r1", "2-rc-r3": "2-rc-r4"} {
		if got := nextRevision(in); got != want {
			t.Errorf("nextRevision(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBumpRevision(t *testing.T) {
	key := testKey(t)
	dir := t.TempDir()
	if err := WriteRepo(dir, "x86_64", repoPackages(), key); err != nil {
		t.Fatal(err)
	}
	got, err := BumpRevision(dir, "x86_64", "hello", key)
	if err != nil || got != "1.2.3-r5" {
		t.Fatalf("BumpRevision = %q, %v; want 1.2.3-r5", got, err)
	}
	pkgs, err := ReadIndex(dir, "x86_64")
	if err != nil {
		t.Fatal(err)
	}
	var old, bumped *apk.Package
	for _, p := range pkgs {
		switch p.ID() {
		case "hello-1.2.3-r4":
			old = p
		case "hello-1.2.3-r5":
			bumped = p
		}
	}
	if old == nil || bumped == nil {
		t.Fatalf("index lacks the old or the new hello: %v", pkgs)
	}
	if want := []apk.Dependency{{Name: "cmd:hello", Op: apk.OpEqual, Version: "1.2.3-r5"}}; !slices.Equal(bumped.Provides, want) {
		t.Errorf("provides = %v, want %v", bumped.Provides, want)
	}
	if bumped.InstalledSize != old.InstalledSize || bumped.Origin != old.Origin || !slices.Equal(bumped.Depends, old.Depends) {
		t.Errorf("bumped entry differs beyond its version: %+v vs %+v", bumped, old)
	}
	// Same data tar, hence the same datahash; the control differs.
	a, _ := os.ReadFile(filepath.Join(dir, "x86_64", old.Filename()))
	b, _ := os.ReadFile(filepath.Join(dir, "x86_64", bumped.Filename()))
	ma, mb := members(t, a), members(t, b)
	if !bytes.Equal(ma[2], mb[2]) {
		t.Error("bumped package has different data")
	}
	if len(entries(t, mb[1])) != 3 {
		t.Error("bumped package lost its scripts")
	}
	if _, err := BumpRevision(dir, "x86_64", "nope", key); err == nil {
		t.Error("bumping a missing package succeeded")
	}
}
