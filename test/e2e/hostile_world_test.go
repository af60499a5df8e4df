package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/testutil/faultproxy"
)

// The hostile tests (TestHostile*) put a faultproxy in front of the real
// test servers — the APK repository, the PEP 691/503 index, the registry —
// and run the pyko binary through it. A fault the retries should absorb
// (faultproxy Times > 0) must end in the clean digest; one that does not
// go away must end in exit 1, one error line naming what failed, no
// output, and a cache that serves the next, fault-free build the clean
// digest.

// hostileTimeout is the PYKO_HTTP_TIMEOUT of the hostile tests: a stall is
// cut after it.
const hostileTimeout = "PYKO_HTTP_TIMEOUT=2"

// hostileCase is one fault injected for one kind of request.
type hostileCase struct {
	name   string
	method string // "" for any
	path   string // a regular expression over the URL path
	fault  faultproxy.Fault
	// mention: words the one error line must hold (any of them); nil
	// means the build must succeed.
	mention []string
}

// transient reports whether the build must get through the fault.
func (c hostileCase) transient() bool { return c.mention == nil }

// checkFailedCleanly requires what a failed build must leave: exit 1, no
// stdout, one error line naming one of mention, and no output at out nor
// anything beside it.
func checkFailedCleanly(t *testing.T, r result, out string, mention []string) {
	t.Helper()
	if r.code != 1 {
		t.Errorf("exit %d, want 1; stderr:\n%s", r.code, r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("stdout %q, want nothing on failure", r.stdout)
	}
	checkErrorLine(t, r.stderr, mention)
	if _, err := os.Stat(out); err == nil {
		t.Errorf("the failed build left its output %s", out)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), "*")); len(left) > 0 {
		t.Errorf("the failed build left files beside its output: %v", left)
	}
}

// checkQuiet requires that a build that got through its faults printed no
// error line: retries are logged at debug level only.
func checkQuiet(t *testing.T, stderr string) {
	t.Helper()
	for _, l := range strings.Split(stderr, "\n") {
		if errorLine.MatchString(l) {
			t.Errorf("a build that succeeded printed an error line: %s", l)
		}
	}
}
