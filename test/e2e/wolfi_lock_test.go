package e2e

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pyko-dev/pyko/internal/oslock"
	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
	"github.com/pyko-dev/pyko/internal/testutil/wolfimirror"
)

// TestWolfiLock checks pyko.lock end to end, against the mirror served
// over HTTP with one download cache, as a developer's machine has: once
// locked, a newer package in the mirror changes nothing until
// `pyko lock --upgrade`; a build without a lock takes it at once; a lock
// that no longer fits the flags is an error saying what to run; and
// `pyko lock` after a config change keeps the locked versions.
func TestWolfiLock(t *testing.T) {
	t.Parallel()
	requirePyko(t)
	repo := wolfiClone(t)
	srv := apkrepo.Serve(t, repo)
	key := srv.URL + "/" + wolfiKeyName
	env := wolfiCache(t)
	proj := filepath.Join(t.TempDir(), "hello")
	copyTree(t, helloDir(), proj)
	lockPath := filepath.Join(proj, "pyko.lock")

	build := func(t *testing.T, dir string, extra ...string) string {
		t.Helper()
		out := filepath.Join(t.TempDir(), "oci")
		return buildOK(t, env, wolfiBuildArgs(dir, srv.URL, key, append(extra, "-o", "oci:"+out+":hello")...)...)
	}
	lock := func(t *testing.T, dir string, extra ...string) {
		t.Helper()
		r := runPyko(t, env, wolfiLockArgs(dir, srv.URL, key, extra...)...)
		if r.code != 0 {
			t.Fatalf("pyko lock %s %v: exit %d; stderr:\n%s", dir, extra, r.code, r.stderr)
		}
		if got, want := strings.TrimSpace(r.stdout), filepath.Join(dir, "pyko.lock"); got != want {
			t.Errorf("pyko lock printed %q, want the lock's path %q", got, want)
		}
	}

	lock(t, proj)
	l := readLock(t, lockPath)
	oldZlib := lockedVersion(t, l, "zlib")
	for _, name := range []string{"glibc", "ld-linux", "python-3.11", "libssl3", "ca-certificates-bundle", "wolfi-baselayout"} {
		lockedVersion(t, l, name)
	}
	locked := mustRead(t, lockPath)
	d1 := build(t, proj)

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	newZlib, err := wolfimirror.AddNewerVersion(ctx, repo, "amd64", "zlib", wolfiKey(t))
	if err != nil {
		t.Fatal(err)
	}
	if newZlib == oldZlib {
		t.Fatalf("AddNewerVersion published zlib %s, the locked version", newZlib)
	}

	if d := build(t, proj); d != d1 {
		t.Errorf("with pyko.lock, a newer zlib in the mirror changed the digest: %s, was %s", d, d1)
	}
	if !bytes.Equal(mustRead(t, lockPath), locked) {
		t.Error("pyko build rewrote pyko.lock")
	}

	t.Run("without a lock the newest wins", func(t *testing.T) {
		unlocked := filepath.Join(t.TempDir(), "hello")
		copyTree(t, helloDir(), unlocked)
		out := filepath.Join(t.TempDir(), "oci")
		d := buildOK(t, env, wolfiBuildArgs(unlocked, srv.URL, key, "-o", "oci:"+out+":hello")...)
		if d == d1 {
			t.Errorf("a build without pyko.lock gave the locked digest %s: it did not see zlib %s", d, newZlib)
		}
		img := ociImage(t, out, "hello")
		if got := installedOf(t, img, readTree(t, img)).version("zlib"); got != newZlib {
			t.Errorf("a build without pyko.lock installed zlib %s, want the new %s", got, newZlib)
		}
		if exists(filepath.Join(unlocked, "pyko.lock")) {
			t.Error("pyko build wrote a pyko.lock")
		}
	})

	t.Run("a lock that does not match", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "oci")
		r := runPyko(t, env, wolfiBuildArgs(proj, srv.URL, key, "--package", "busybox", "-o", "oci:"+out+":hello")...)
		if r.code != 1 {
			t.Errorf("exit code %d, want 1; stderr:\n%s", r.code, r.stderr)
		}
		checkErrorLine(t, r.stderr, []string{"pyko.lock"})
		if !strings.Contains(r.stderr, "pyko lock") {
			t.Errorf("the error does not say to run pyko lock:\n%s", r.stderr)
		}
		if exists(out) {
			t.Errorf("the failed build left %s behind", out)
		}
		if !bytes.Equal(mustRead(t, lockPath), locked) {
			t.Error("a failed build changed pyko.lock")
		}
	})

	t.Run("lock after a config change keeps locked versions", func(t *testing.T) {
		changed := filepath.Join(t.TempDir(), "hello")
		copyTree(t, proj, changed)
		lock(t, changed, "--package", "busybox")
		l := readLock(t, filepath.Join(changed, "pyko.lock"))
		lockedVersion(t, l, "busybox")
		if got := lockedVersion(t, l, "zlib"); got != oldZlib {
			t.Errorf("pyko lock --package busybox moved zlib to %s; want the locked %s (only --upgrade moves it)", got, oldZlib)
		}
	})

	lock(t, proj, "--upgrade")
	if got := lockedVersion(t, readLock(t, lockPath), "zlib"); got != newZlib {
		t.Errorf("after pyko lock --upgrade, zlib is locked at %s, want %s", got, newZlib)
	}
	if d := build(t, proj); d == d1 {
		t.Errorf("after pyko lock --upgrade the digest is still %s", d)
	}
}

// readLock parses a pyko.lock.
func readLock(t *testing.T, path string) *oslock.Lock {
	t.Helper()
	l, err := oslock.Read(path)
	if err != nil {
		t.Fatalf("reading %s: %v", path, err)
	}
	return l
}

// lockedVersion returns the x86_64 version l pins for name; there must be
// exactly one.
func lockedVersion(t *testing.T, l *oslock.Lock, name string) string {
	t.Helper()
	var versions []string
	for _, p := range l.For("x86_64") {
		if p.Name == name {
			versions = append(versions, p.Version)
		}
	}
	if len(versions) != 1 {
		t.Fatalf("pyko.lock has %d x86_64 entries for %s (%v), want 1", len(versions), name, versions)
	}
	return versions[0]
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
