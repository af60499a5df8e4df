package tags

import (
	"strings"
	"testing"
)

// tagsOf expands "py2.py3-none-any"-style compressed tag sets, enough for
// these tests (the wheelname package does it for real).
func tagsOf(s string) []Tag {
	parts := strings.Split(s, "-")
	var out []Tag
	for _, py := range strings.Split(parts[0], ".") {
		for _, abi := range strings.Split(parts[1], ".") {
			for _, plat := range strings.Split(parts[2], ".") {
				out = append(out, Tag{py, abi, plat})
			}
		}
	}
	return out
}

func TestSupportedRejects(t *testing.T) {
	x86 := Target{3, 12, "x86_64", 2, 31}
	arm := Target{3, 12, "aarch64", 2, 31}
	for _, tc := range []struct {
		target Target
		tags   string
		kind   ReasonKind
		msg    string
	}{
		{x86, "cp312-cp312-manylinux_2_35_x86_64", ReasonGlibc, "needs glibc 2.35, image has 2.31"},
		{x86, "cp312-cp312-manylinux_2_39_x86_64.manylinux_2_34_x86_64", ReasonGlibc, "needs glibc 2.34, image has 2.31"},
		{x86, "cp312-cp312-musllinux_1_2_x86_64", ReasonPlatform, "built for musl libc (musllinux), image has glibc"},
		{x86, "cp312-cp312-macosx_11_0_arm64", ReasonPlatform, "built for macOS"},
		{x86, "cp312-cp312-macosx_10_9_universal2", ReasonPlatform, "built for macOS"},
		{x86, "cp312-cp312-win_amd64", ReasonPlatform, "built for Windows"},
		{x86, "cp312-cp312-win32", ReasonPlatform, "built for Windows"},
		{x86, "cp312-cp312-freebsd_14_0_amd64", ReasonPlatform, "built for platform freebsd_14_0_amd64, not glibc Linux"},
		{x86, "cp313-cp313-manylinux_2_17_x86_64.manylinux2014_x86_64", ReasonPython, "CPython 3.13 only, image has 3.12"},
		{x86, "cp313-abi3-manylinux_2_17_x86_64", ReasonPython, "needs CPython 3.13 or newer, image has 3.12"},
		{x86, "cp311-cp311-manylinux_2_17_x86_64", ReasonABI, "abi cp311 does not match cp312"},
		{x86, "cp312-cp312t-manylinux_2_17_x86_64", ReasonABI, "abi cp312t does not match cp312"},
		{x86, "cp311-none-linux_x86_64", ReasonABI, "cp311-none is for CPython 3.11 only, image has 3.12"},
		{x86, "cp27-cp27mu-manylinux1_x86_64", ReasonPython, "CPython 2.7 only, image has 3.12"},
		{x86, "py2-none-any", ReasonPython, "Python 2 only, image has 3.12"},
		{x86, "py313-none-any", ReasonPython, "built for Python 3.13, image has 3.12"},
		{x86, "pp310-pypy310_pp73-manylinux_2_17_x86_64", ReasonPython, "built for PyPy (pp310), image has CPython 3.12"},
		{x86, "cp312-cp312-manylinux_2_17_aarch64.manylinux2014_aarch64", ReasonArch, "built for aarch64, image is x86_64"},
		{x86, "cp312-cp312-manylinux_2_17_i686", ReasonArch, "built for i686, image is x86_64"},
		{arm, "cp312-cp312-manylinux1_aarch64", ReasonPlatform, "platform manylinux1_aarch64 is not a manylinux platform for aarch64"},
		{arm, "cp312-cp312-manylinux_2_5_aarch64", ReasonPlatform, "not a manylinux platform for aarch64"},
		{arm, "cp312-cp312-linux_x86_64", ReasonArch, "built for x86_64, image is aarch64"},
		{x86, "cp312-cp312-manylinux_2_y_x86_64", ReasonPlatform, "has no glibc version"},
		{x86, "cp312-cp312-manylinux_3_0_x86_64", ReasonPlatform, "is not a manylinux_2_N platform"},
		{x86, "cp31-abi3-linux_x86_64", ReasonABI, "abi3 begins with CPython 3.2"},
		{x86, "xx3-none-any", ReasonPython, `interpreter tag "xx3" is not understood`},
		{x86, "", ReasonPlatform, "no compatibility tags"},
		// The closest misfit wins: a glibc problem beats another OS.
		{x86, "cp312-cp312-macosx_11_0_arm64.manylinux_2_34_x86_64", ReasonGlibc, "needs glibc 2.34"},
		// The platform is judged before the interpreter.
		{x86, "cp313-cp313-macosx_11_0_arm64", ReasonPlatform, "built for macOS"},
	} {
		var wheel []Tag
		if tc.tags != "" {
			wheel = tagsOf(tc.tags)
		}
		_, ok, why := tc.target.Supported(wheel)
		if ok || why.Kind != tc.kind || !strings.Contains(why.String(), tc.msg) {
			t.Errorf("%s on %+v: ok=%v, %s: %q; want %s: %q", tc.tags, tc.target, ok, why.Kind, why, tc.kind, tc.msg)
		}
	}
}

// TestSupportedRanks checks which wheel of a set a target prefers.
func TestSupportedRanks(t *testing.T) {
	target := Target{3, 12, "x86_64", 2, 36}
	// From most to least preferred.
	ordered := []string{
		"cp312-cp312-manylinux_2_28_x86_64",
		"cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64",
		"cp312-cp312-manylinux1_x86_64",
		"cp312-cp312-linux_x86_64",
		"cp312-abi3-manylinux_2_36_x86_64",
		"cp39-abi3-manylinux_2_28_x86_64",
		"cp37-abi3-manylinux_2_17_x86_64",
		"py3-none-manylinux_2_17_x86_64",
		"cp312-none-any",
		"py312-none-any",
		"py2.py3-none-any",
		"py30-none-any",
	}
	prev := Rank(-1)
	for _, s := range ordered {
		rank, ok, why := target.Supported(tagsOf(s))
		if !ok {
			t.Fatalf("%s: not supported: %s", s, why)
		}
		if rank <= prev {
			t.Errorf("%s ranks %d, not after the previous wheel's %d", s, rank, prev)
		}
		prev = rank
	}
	// Case does not matter, and the best tag of a wheel counts.
	a, _, _ := target.Supported([]Tag{{"CP312", "CP312", "MANYLINUX_2_17_X86_64"}})
	b, _, _ := target.Supported(tagsOf("py3-none-any.manylinux_2_17_x86_64"))
	c, _, _ := target.Supported(tagsOf("cp312-cp312-manylinux_2_17_x86_64"))
	d, _, _ := target.Supported(tagsOf("py3-none-manylinux_2_17_x86_64"))
	if a != c || b != d {
		t.Errorf("ranks %d/%d and %d/%d should be equal", a, c, b, d)
	}
}
