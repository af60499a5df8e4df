package tools

import (
	"fmt"
	"strings"
	"testing"
)

// recorder is a testing.TB that records Skipf and Fatalf instead of ending
// the goroutine.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper()                      {}
func (r *recorder) Skipf(f string, args ...any)  { r.skipped = fmt.Sprintf(f, args...) }
func (r *recorder) Fatalf(f string, args ...any) { r.failed = fmt.Sprintf(f, args...) }

func TestRequire(t *testing.T) {
	tests := []struct {
		name       string
		ci         string
		tools      []string
		skip, fail bool
	}{
		{name: "present outside CI", ci: "", tools: []string{"go"}},
		{name: "present in CI", ci: "true", tools: []string{"go"}},
		{name: "missing outside CI skips", ci: "", tools: []string{"go", "no-such-tool-pyko"}, skip: true},
		{name: "missing with CI=false skips", ci: "false", tools: []string{"no-such-tool-pyko"}, skip: true},
		{name: "missing in CI fails", ci: "true", tools: []string{"no-such-tool-pyko"}, fail: true},
		{name: "missing with CI=1 fails", ci: "1", tools: []string{"no-such-tool-pyko"}, fail: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("CI", tt.ci)
			r := &recorder{TB: t}
			Require(r, tt.tools...)
			if (r.skipped != "") != tt.skip || (r.failed != "") != tt.fail {
				t.Fatalf("Require(%v) with CI=%q: skipped %q, failed %q; want skip %v, fail %v",
					tt.tools, tt.ci, r.skipped, r.failed, tt.skip, tt.fail)
			}
			if msg := r.skipped + r.failed; (tt.skip || tt.fail) && !strings.Contains(msg, "no-such-tool-pyko") {
				t.Errorf("message %q does not name the missing tool", msg)
			}
		})
	}
}
