package build

import (
	"os"
	"testing"

	"github.com/pyko-dev/pyko/internal/sandbox"
)

// TestMain lets the sandbox re-execute this test binary as its init, as
// cmd/pyko does: a build that compiles bytecode or builds from source
// runs its commands in one.
func TestMain(m *testing.M) {
	sandbox.Main()
	os.Exit(m.Run())
}
