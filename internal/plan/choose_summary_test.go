package plan

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/tags"
)

// TestNoWheelErrorSummarises: a package with many wheels, none of which
// fits, is one short error grouping the files by why, not a list of all.
func TestNoWheelErrorSummarises(t *testing.T) {
	var cands []Candidate
	add := func(format string, n int) {
		for i := range n {
			cands = append(cands, Candidate{Filename: fmt.Sprintf(format, i), SHA256: strings.Repeat("a", 64)})
		}
	}
	add("numpy-2.0.0-cp3%d-cp3%[1]d-macosx_11_0_arm64.whl", 9)
	add("numpy-2.0.0-cp3%d-cp3%[1]d-win_amd64.whl", 9)
	add("numpy-2.0.0-cp3%d-cp3%[1]d-manylinux_2_17_aarch64.whl", 9)
	add("numpy-2.0.0-cp31%d-cp31%[1]d-manylinux_2_17_x86_64.whl", 2)
	cands = append(cands, Candidate{Filename: "numpy-2.0.0.tar.gz"})
	tt := tags.Target{PythonMajor: 3, PythonMinor: 12, Arch: "x86_64", GlibcMajor: 2, GlibcMinor: 36}
	_, err := ChooseWheel(lock.Package{Name: "numpy", Version: "2.0.0", Source: "uv.lock"}, cands, tt, "3.12.4")
	var nw *NoWheelError
	if !errors.As(err, &nw) {
		t.Fatalf("err = %v, want a *NoWheelError", err)
	}
	msg := err.Error()
	t.Log(msg)
	if strings.Contains(msg, "\n") || len(msg) > 700 {
		t.Errorf("the error is %d bytes, want one short line", len(msg))
	}
	for _, want := range []string{"of the 30 files offered", "18: another OS or libc", "9: another CPU architecture", "2: another ABI", "1: source distributions", "-v lists them all"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the error lacks %q", want)
		}
	}
	if len(nw.Rejected) != 30 {
		t.Errorf("Rejected has %d files, want every one of the 30 (for -v)", len(nw.Rejected))
	}
}
