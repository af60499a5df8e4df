package e2e

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
)

// TestWolfiGzipBomb builds with a correctly signed package whose data tar
// expands to 512 MiB of zeros (about 0.5 MiB compressed) while its index
// entry and .PKGINFO declare 1000 bytes. The build must fail with one line
// naming the package, the declared size and the cap (2 × 1000 + 16 MiB),
// and TMPDIR and the cache must never hold more than a fraction of the
// bomb: the expansion stops at the cap.
func TestWolfiGzipBomb(t *testing.T) {
	t.Parallel()
	requirePyko(t)
	const bombSize, declared = 512 << 20, 1000
	const limitBytes = 2*declared + 16<<20
	repo := wolfiClone(t)
	p := badPackage("evil-bomb", apkrepo.File{Path: "usr/share/evil-bomb/zeros", Open: func() (io.ReadCloser, error) {
		return io.NopCloser(io.LimitReader(zeros{}, bombSize)), nil
	}})
	p.Info.InstalledSize = declared
	addPackages(t, repo, []apkrepo.Package{p})

	tmp, cache, out := t.TempDir(), t.TempDir(), t.TempDir()
	var peak atomic.Int64
	stop := watchSize(&peak, tmp, cache)
	r := runPyko(t, []string{"PYKO_CACHE=" + cache, "TMPDIR=" + tmp},
		wolfiBuildArgs(helloDir(), repo, wolfiKeyFile(repo), "--package", "evil-bomb", "-o", "oci:"+filepath.Join(out, "o")+":x")...)
	stop()
	if r.code != 1 {
		t.Fatalf("exit code %d, want 1; stderr:\n%s", r.code, r.stderr)
	}
	checkErrorLine(t, r.stderr, []string{"evil-bomb"})
	line := lastErrorLine(r.stderr)
	for _, want := range []string{"evil-bomb-1.0-r0.apk", strconv.Itoa(declared) + " bytes", strconv.Itoa(limitBytes)} {
		if !strings.Contains(line, want) {
			t.Errorf("error line %q does not name %q", line, want)
		}
	}
	t.Logf("error line: %s; TMPDIR and cache peaked at %d bytes", line, peak.Load())
	if peak.Load() > bombSize/4 {
		t.Errorf("TMPDIR and the cache held %d bytes at their peak: the bomb was expanded past its cap of %d", peak.Load(), limitBytes)
	}

	// --from-plan reads no index: the plan carries the declared size, and
	// the same cap holds.
	planned := runPyko(t, []string{"PYKO_CACHE=" + cache, "TMPDIR=" + tmp},
		slices.Concat([]string{"plan", helloDir(), "--repository", repo, "--keyring", wolfiKeyFile(repo),
			"--python", "3.11", "--package", "evil-bomb", "--format", "json"})...)
	if planned.code != 0 {
		t.Fatalf("pyko plan: exit %d\n%s", planned.code, planned.stderr)
	}
	if !strings.Contains(planned.stdout, `"installedSize": 1000`) && !strings.Contains(planned.stdout, `"installedSize":1000`) {
		t.Errorf("the plan does not carry evil-bomb's installed size of %d", declared)
	}
	planFile := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(planFile, []byte(planned.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	peak.Store(0)
	cache2 := t.TempDir()
	stop = watchSize(&peak, tmp, cache2)
	r = runPyko(t, []string{"PYKO_CACHE=" + cache2, "TMPDIR=" + tmp},
		"build", helloDir(), "--from-plan", planFile, "--keyring", wolfiKeyFile(repo), "-o", "oci:"+filepath.Join(out, "p")+":x")
	stop()
	if r.code != 1 || !strings.Contains(lastErrorLine(r.stderr), strconv.Itoa(limitBytes)) {
		t.Fatalf("--from-plan: exit %d, want 1 with the cap %d in the error line; stderr:\n%s", r.code, limitBytes, r.stderr)
	}
	if peak.Load() > bombSize/4 {
		t.Errorf("--from-plan: TMPDIR and the cache held %d bytes at their peak", peak.Load())
	}
}

// zeros reads as an endless run of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// watchSize samples the total size of the files under dirs every 10 ms
// and keeps the largest in peak, until stop is called.
func watchSize(peak *atomic.Int64, dirs ...string) (stop func()) {
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			var n int64
			for _, d := range dirs {
				_ = filepath.WalkDir(d, func(_ string, e fs.DirEntry, err error) error {
					if err == nil && e.Type().IsRegular() {
						if fi, err := e.Info(); err == nil {
							n += fi.Size()
						}
					}
					return nil // files come and go while pyko runs
				})
			}
			if n > peak.Load() {
				peak.Store(n)
			}
			select {
			case <-quit:
				return
			case <-tick.C:
			}
		}
	}()
	return func() { close(quit); <-done }
}
