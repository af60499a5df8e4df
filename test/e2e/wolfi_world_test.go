package e2e

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
	"github.com/pyko-dev/pyko/internal/testutil/debroot"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
	"github.com/pyko-dev/pyko/internal/testutil/wolfimirror"
)

// The tests of base-less builds (TestWolfi*) install the OS from the
// offline Wolfi-named mirror of internal/testutil/wolfimirror. The mirror is
// built once per architecture and cached between runs; each test works on a
// Clone of it, since the cache is shared.

// wolfiKeyName is the name of the mirror's signing key, the one
// scripts/wolfimirror uses, so that a developer's cache serves both.
const wolfiKeyName = "pyko-test.rsa.pub"

var (
	wolfiKeyOnce sync.Once
	wolfiKeyVal  *apkrepo.Key
	wolfiKeyErr  error

	wolfiMirrorMu   sync.Mutex
	wolfiMirrorOnce = map[string]*mirrorOnce{} // by arch
)

// mirrorOnce builds one architecture's mirror once per test binary.
type mirrorOnce struct {
	once sync.Once
	dir  string
	err  error
}

// wolfiKey returns the stable signing key of the mirror.
func wolfiKey(t *testing.T) *apkrepo.Key {
	t.Helper()
	wolfiKeyOnce.Do(func() {
		var cache string
		if cache, wolfiKeyErr = debroot.DefaultCacheDir(); wolfiKeyErr == nil {
			wolfiKeyVal, wolfiKeyErr = apkrepo.LoadOrCreateKey(filepath.Join(cache, "keys"), wolfiKeyName)
		}
	})
	if wolfiKeyErr != nil {
		t.Fatalf("loading the mirror signing key: %v", wolfiKeyErr)
	}
	return wolfiKeyVal
}

// wolfiMirror returns the cached mirror of arch ("amd64" or "arm64"),
// building it on first use (minutes cold, instant warm). Do not modify it:
// clone it with wolfiClone.
func wolfiMirror(t *testing.T, arch string) string {
	t.Helper()
	tools.Require(t, "apt-get", "dpkg-deb")
	key := wolfiKey(t)
	wolfiMirrorMu.Lock()
	m := wolfiMirrorOnce[arch]
	if m == nil {
		m = &mirrorOnce{}
		wolfiMirrorOnce[arch] = m
	}
	wolfiMirrorMu.Unlock()
	m.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
		defer cancel()
		m.dir, m.err = wolfimirror.Build(ctx, "", arch, key)
	})
	if m.err != nil {
		t.Fatalf("building the %s mirror: %v", arch, m.err)
	}
	return m.dir
}

// wolfiClone clones the mirrors of archs (default amd64) into one new temp
// dir, a repository a test may change, and returns it.
func wolfiClone(t *testing.T, archs ...string) string {
	t.Helper()
	if len(archs) == 0 {
		archs = []string{"amd64"}
	}
	dst := filepath.Join(t.TempDir(), "mirror")
	for _, a := range archs {
		if err := wolfimirror.Clone(wolfiMirror(t, a), dst); err != nil {
			t.Fatalf("cloning the %s mirror: %v", a, err)
		}
	}
	return dst
}

// wolfiKeyFile is the public key a clone publishes next to its index.
func wolfiKeyFile(repo string) string { return filepath.Join(repo, wolfiKeyName) }

// wolfiCache returns the environment giving pyko a fresh download cache.
func wolfiCache(t *testing.T) []string {
	t.Helper()
	return []string{"PYKO_CACHE=" + t.TempDir()}
}

// wolfiBuildArgs is `build DIR` against repo with keyring and Python 3.11,
// plus extra.
func wolfiBuildArgs(dir, repo, keyring string, extra ...string) []string {
	return slices.Concat([]string{"build", dir, "--repository", repo, "--keyring", keyring, "--python", "3.11"}, extra)
}

// wolfiLockArgs is `lock DIR` with the same OS flags, plus extra.
func wolfiLockArgs(dir, repo, keyring string, extra ...string) []string {
	return slices.Concat([]string{"lock", dir, "--repository", repo, "--keyring", keyring, "--python", "3.11"}, extra)
}
