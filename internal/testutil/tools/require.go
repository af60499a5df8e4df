package tools

import (
	"os"
	"os/exec"
	"strconv"
	"testing"
)

// InCI reports whether the tests run in CI (CI=true, or any value that
// strconv.ParseBool accepts as true), where a missing tool is a failure.
func InCI() bool {
	ok, _ := strconv.ParseBool(os.Getenv("CI"))
	return ok
}

// Require checks that each named program is on PATH. A missing one skips
// the test with a message, or fails it when [InCI].
func Require(t testing.TB, names ...string) {
	t.Helper()
	var missing []string
	for _, n := range names {
		if _, err := exec.LookPath(n); err != nil {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		Unavailable(t, "required tools not on PATH: %v (install them, see .ci/run)", missing)
	}
}

// RequireRoot checks that the test runs as root (chroot, podman with runc
// and private storage need it). Not root skips the test, or fails it when
// [InCI].
func RequireRoot(t testing.TB) {
	t.Helper()
	if os.Geteuid() != 0 {
		Unavailable(t, "test needs root (euid %d)", os.Geteuid())
	}
}

// Unavailable reports that something the test needs from the machine is
// missing: a skip on a developer's machine, a failure under CI=true.
func Unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	if InCI() {
		t.Fatalf("CI is set, so this is a failure, not a skip: "+format, args...)
		return
	}
	t.Skipf(format, args...)
}
