package e2e

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
	"github.com/pyko-dev/pyko/internal/testutil/pyindex"
)

// TestHostileCache spoils every file of a filled cache at once — APKs,
// APKINDEX, keys, wheels, index pages and their metadata — three ways,
// then builds again: the build must heal the cache and give the clean
// digest, and an offline build on the healed cache must too. Offline on
// the spoilt cache, the build must fail with one error line that says to
// run online once.
func TestHostileCache(t *testing.T) {
	t.Parallel()
	requirePyko(t)
	repo := wolfiClone(t)
	apks := apkrepo.Serve(t, repo)
	idx := pyindex.Serve(t, debWheelDir(t))
	proj := copyExample(t, "flask-requirements")
	args := func(out string, extra ...string) []string {
		return wolfiBuildArgs(proj, apks.URL, apks.URL+"/"+wolfiKeyName,
			append([]string{"--index-url", idx.IndexURL(), "-o", "oci:" + out + ":app"}, extra...)...)
	}
	filled := t.TempDir()
	clean := buildOK(t, []string{"PYKO_CACHE=" + filled}, args(filepath.Join(t.TempDir(), "clean"))...)
	for _, tc := range []struct {
		name  string
		spoil func(b []byte) []byte
	}{
		{"a byte flipped in every file", func(b []byte) []byte { b[len(b)/2] ^= 0x20; return b }},
		{"every file cut in half", func(b []byte) []byte { return b[:len(b)/2] }},
		{"every file emptied", func([]byte) []byte { return nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cache := filepath.Join(t.TempDir(), "cache")
			if b, err := exec.Command("cp", "-a", filled, cache).CombinedOutput(); err != nil {
				t.Fatalf("copying the cache: %v\n%s", err, b)
			}
			n := spoilFiles(t, cache, tc.spoil)
			env := []string{"PYKO_CACHE=" + cache}
			out := filepath.Join(t.TempDir(), "out", "oci")
			r := runPyko(t, env, args(out, "--offline")...)
			checkFailedCleanly(t, r, out, []string{"without --offline"})
			if got := buildOK(t, env, args(out)...); got != clean {
				t.Errorf("rebuild on a cache with %d spoilt files: %s, want the clean %s", n, got, clean)
			}
			if got := buildOK(t, env, args(filepath.Join(t.TempDir(), "offline"), "--offline")...); got != clean {
				t.Errorf("offline build on the healed cache: %s, want the clean %s", got, clean)
			}
		})
	}
}

// spoilFiles rewrites every non-empty regular file under dir with spoil
// and returns how many it changed.
func spoilFiles(t *testing.T, dir string, spoil func([]byte) []byte) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil || len(b) == 0 {
			return err
		}
		n++
		return os.WriteFile(p, spoil(b), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Fatalf("spoilt only %d files in %s: is the cache where the test thinks?", n, dir)
	}
	return n
}
